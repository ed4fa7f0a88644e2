import { useRef } from 'preact/hooks';

interface Props {
  label: string;
  accept: string;
  testId: string;
  disabled?: boolean;
  onFile(file: File): void;
}

/** A button that opens the file picker (the native input is hidden but kept for tests and assistive tech). */
export function FileButton({ label, accept, testId, disabled, onFile }: Props) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        accept={accept}
        class="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid={testId}
        onChange={(e) => {
          const el = e.currentTarget as HTMLInputElement;
          const file = el.files?.[0];
          el.value = '';
          if (file) onFile(file);
        }}
      />
      <button type="button" disabled={disabled} onClick={() => input.current?.click()}>
        {label}
      </button>
    </>
  );
}
