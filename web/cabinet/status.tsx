/**
 * The live region a section announces its results in (saved, granted, an error). It is always in the page, empty
 * until there is something to say, since a screen reader only follows a live region it has already seen.
 */
export function Status({ text }: { text: string | undefined }) {
  return (
    <p role="status" aria-live="polite" className="status">
      {text}
    </p>
  );
}
