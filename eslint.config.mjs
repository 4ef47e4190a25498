// Lint rules for the project: Microsoft's Office add-in recommendations (office-addin-lint runs this file),
// plus TypeScript's own recommended checks.
import officeAddins from "eslint-plugin-office-addins";
import tsParser from "@typescript-eslint/parser";
import tsPlugin from "@typescript-eslint/eslint-plugin";

export default [
  { ignores: ["lib/**", "dist/**", "node_modules/**", "coverage/**"] },
  ...officeAddins.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "office-addins": officeAddins, "@typescript-eslint": tsPlugin },
    languageOptions: { parser: tsParser, parserOptions: { project: false } },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-undef": "off", // TypeScript checks names
      "no-unused-vars": "off", // the TypeScript rule above knows type signatures
      "no-redeclare": "off",
    },
  },
  // Plain JavaScript (the bin launcher, jest config and reporter) is modern Node code.
  {
    files: ["**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "commonjs", globals: { process: "readonly", console: "readonly", Buffer: "readonly", __dirname: "readonly" } },
  },
];
