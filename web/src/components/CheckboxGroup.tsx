/** A fieldset of checkboxes that picks several values (an API key's scopes, a webhook's events), each with what it means. */

/** `options` in display order; `value` is the picked subset; `onChange` gets the new subset. */
export function CheckboxGroup<T extends string>({
  legend,
  name,
  options,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  options: ReadonlyArray<{ value: T; help: string }>;
  value: readonly T[];
  onChange: (value: T[]) => void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {options.map((option) => (
        <label className="check" key={option.value}>
          <input
            type="checkbox"
            name={name}
            value={option.value}
            checked={value.includes(option.value)}
            onChange={(e) => onChange(e.target.checked ? [...value, option.value] : value.filter((v) => v !== option.value))}
          />
          <span>
            <code>{option.value}</code>: {option.help}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
