/**
 * 深圳市 部门整体支出绩效评价共性指标体系框架 — the score sheet 《部门整体支出绩效评分表》 at the end of
 * seed 001 (深圳市公安局刑事警察支队, 2023), 参考评分标准 column quoted rule by rule; seed 000 uses the same.
 * The rules are data: presets/shenzhen.json, a framework file like any a finance bureau may write.
 */
import type { Framework } from "../types";
import { PRESETS } from "./presets";

/** The preset itself (PRESETS.shenzhen, the same object). */
export const shenzhen: Framework = PRESETS.shenzhen;
