import { describe, expect, it } from "vitest";
import { parameterRefValues, resolveParameters } from "./parameters";
import type { ParameterDecl } from "./parse";

const decls: Record<string, ParameterDecl> = {
  Env: { Type: "String", AllowedValues: ["dev", "prod"], Default: "dev" },
  Name: { Type: "String", AllowedPattern: "[a-z]+", MinLength: 2, MaxLength: 5 },
  Count: { Type: "Number", MinValue: 1, MaxValue: 3, Default: 2 },
  Secret: { Type: "String", NoEcho: "true", Default: "s3cret" },
  Ids: { Type: "List<AWS::EC2::Subnet::Id>", Default: "subnet-1, subnet-2" },
  Ami: { Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default: "/aws/service/ami" },
};

describe("resolveParameters", () => {
  it("applies defaults, marks NoEcho and resolves SSM types deterministically", () => {
    const out = resolveParameters(decls, [{ key: "Name", value: "abc" }]);
    expect(out.find((p) => p.key === "Env")).toEqual({ key: "Env", value: "dev", resolved: undefined, noEcho: undefined });
    expect(out.find((p) => p.key === "Secret")!.noEcho).toBe(true);
    const ami = out.find((p) => p.key === "Ami")!;
    expect(ami.value).toBe("/aws/service/ami");
    expect(ami.resolved).toMatch(/^ami-[0-9a-f]{17}$/);
    expect(resolveParameters(decls, [{ key: "Name", value: "abc" }]).find((p) => p.key === "Ami")!.resolved).toBe(ami.resolved);
    const refs = parameterRefValues(decls, out);
    expect(refs.Ids).toEqual(["subnet-1", "subnet-2"]);
    expect(refs.Ami).toBe(ami.resolved);
  });

  it("keeps previous values with UsePreviousValue", () => {
    const prev = resolveParameters(decls, [
      { key: "Name", value: "abc" },
      { key: "Secret", value: "old" },
    ]);
    const next = resolveParameters(
      decls,
      [
        { key: "Name", usePrevious: true },
        { key: "Secret", usePrevious: true },
      ],
      prev,
    );
    expect(next.find((p) => p.key === "Secret")!.value).toBe("old");
  });

  const errors: [string, { key: string; value: string }[], string][] = [
    ["missing value", [], "Parameters: [Name] must have values"],
    [
      "unknown key",
      [
        { key: "Name", value: "abc" },
        { key: "Nope", value: "1" },
      ],
      "Parameters: [Nope] do not exist in the template",
    ],
    [
      "AllowedValues",
      [
        { key: "Name", value: "abc" },
        { key: "Env", value: "qa" },
      ],
      "Parameter 'Env' must be one of AllowedValues",
    ],
    ["AllowedPattern", [{ key: "Name", value: "ab1" }], "Parameter 'Name' must match pattern [a-z]+"],
    ["MinLength", [{ key: "Name", value: "a" }], "Parameter 'Name' must contain at least 2 characters"],
    ["MaxLength", [{ key: "Name", value: "abcdef" }], "Parameter 'Name' must contain at most 5 characters"],
    [
      "not a number",
      [
        { key: "Name", value: "abc" },
        { key: "Count", value: "x" },
      ],
      "Parameter 'Count' must be a number",
    ],
    [
      "MinValue",
      [
        { key: "Name", value: "abc" },
        { key: "Count", value: "0" },
      ],
      "Parameter 'Count' must be a number not less than 1",
    ],
    [
      "MaxValue",
      [
        { key: "Name", value: "abc" },
        { key: "Count", value: "4" },
      ],
      "Parameter 'Count' must be a number not greater than 3",
    ],
  ];
  it.each(errors)("rejects %s", (_n, inputs, message) => {
    expect(() => resolveParameters(decls, inputs)).toThrow(message);
  });

  it("uses ConstraintDescription when given", () => {
    expect(() =>
      resolveParameters({ P: { Type: "String", AllowedPattern: "x", ConstraintDescription: "must be x" } }, [{ key: "P", value: "y" }]),
    ).toThrow("Parameter 'P' failed to satisfy constraint: must be x");
  });
});
