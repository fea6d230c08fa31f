import { useId } from 'react';

/** A labelled field for a one-time code, as phones and password managers recognise one. */
export function OneTimeCodeField({ label, value, onChange }: { label: string; value: string; onChange(code: string): void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" inputMode="numeric" autoComplete="one-time-code" value={value} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}
