/** @type {import('jest').Config} */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  testTimeout: 120000,
  reporters: ["default", "<rootDir>/test/support/summaryReporter.js"],
};
