import { describe, expect, it } from "vitest";
import { likeLiteral, sqliteLikeWithEscape } from "./like";

describe("likeLiteral", () => {
  it.each([
    ["plain", "plain"],
    ["50%", "50\\%"],
    ["a_b", "a\\_b"],
    ["back\\slash", "back\\\\slash"],
    ["%_\\", "\\%\\_\\\\"],
  ])("escapes %s as %s", (text, escaped) => {
    expect(likeLiteral(text)).toBe(escaped);
  });
});

describe("sqliteLikeWithEscape", () => {
  const query = (sql: string) => ({ sql, args: [], argTypes: [] });
  it.each([
    [
      "SELECT 1 FROM `Client` WHERE `displayName` LIKE ? OR `slug` LIKE ?",
      "SELECT 1 FROM `Client` WHERE `displayName` LIKE ? ESCAPE '\\' OR `slug` LIKE ? ESCAPE '\\'",
    ],
    ["SELECT 1 WHERE `a` LIKE ? ESCAPE '!'", "SELECT 1 WHERE `a` LIKE ? ESCAPE '!'"],
    ["SELECT `LIKELY` FROM `t` WHERE `a` = ?", "SELECT `LIKELY` FROM `t` WHERE `a` = ?"],
  ])("rewrites %s", (sql, expected) => {
    expect(sqliteLikeWithEscape(query(sql)).sql).toBe(expected);
  });
});
