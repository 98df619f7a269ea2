/** A labelled picker of one of a prompt's version numbers ("v3"). */

/** `numbers` in the order shown; `value` undefined shows an empty choice until the numbers load. */
export function VersionSelect({
  label,
  name,
  value,
  numbers,
  onChange,
}: {
  label: string;
  name?: string;
  value: number | undefined;
  numbers: readonly number[];
  onChange: (version: number) => void;
}) {
  return (
    <label>
      {label}
      <select name={name} value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))}>
        {numbers.map((n) => (
          <option key={n} value={n}>
            v{n}
          </option>
        ))}
      </select>
    </label>
  );
}
