import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

// A GET form: the comparison is a URL that can be shared, and it works without JavaScript.
export function CompareForm({
  blueprintId,
  sizes,
  from,
  to,
  fieldErrors = {},
  idPrefix,
}: {
  blueprintId: string;
  sizes: { id: string; label: string }[];
  from: string;
  to: string;
  fieldErrors?: Record<string, string[]>;
  idPrefix: string;
}) {
  const select = (name: "from" | "to", label: string, value: string) => (
    <Field id={`${idPrefix}-${name}`} label={label} errors={fieldErrors[name]}>
      {(props) => (
        <select {...props} name={name} defaultValue={value}>
          {sizes.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <form method="get" action={`/catalog/${blueprintId}/compare`} className="space-y-1">
      <div className="grid grid-cols-2 gap-3">
        {select("from", "From size", from)}
        {select("to", "To size", to)}
      </div>
      <Button type="submit" variant="secondary" className="w-full">
        Compare sizes
      </Button>
    </form>
  );
}
