import { useCallback, useEffect, useState } from 'react';

/** Loads something for a console page, again on `reload()`; failures become a message. */
export function useLoaded<T>(load: () => Promise<T>): { value: T | undefined; error: string | undefined; reload: () => void } {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<string>();
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (loaded) => current && (setValue(loaded), setError(undefined)),
      (failure: Error) => current && setError(failure.message),
    );
    return () => {
      current = false;
    };
    // `load` is rebuilt on each render: a page loads once, and again when it asks.
  }, [generation]);
  return { value, error, reload: useCallback(() => setGeneration((g) => g + 1), []) };
}

/** Runs a console action: busy while it runs, its failure (or success) as a message. */
export function useAction(): { busy: boolean; message: { ok: boolean; text: string } | undefined; run: (action: () => Promise<string>) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const run = useCallback(async (action: () => Promise<string>) => {
    setBusy(true);
    setMessage(undefined);
    try {
      setMessage({ ok: true, text: await action() });
    } catch (failure) {
      setMessage({ ok: false, text: (failure as Error).message });
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, message, run };
}

/** The text of a form field (empty when absent). */
export const field = (form: FormData, name: string): string => String(form.get(name) ?? '').trim();
