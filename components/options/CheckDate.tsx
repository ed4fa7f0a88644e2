import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { useI18n } from '../i18n';

/** The storage.local key the content script and the sweep read the check date from (the CLI's --now sets it too). */
export const CHECK_DATE_KEY = 'checkDate';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function validDay(value: string): boolean {
  return DAY.test(value) && !Number.isNaN(new Date(`${value}T12:00:00`).getTime());
}

/**
 * The check date date-based rules take as "today". Kept where the CLI puts it, so the extension, the sweep
 * and a CLI run on the same profile agree. The content script reads it when a page loads: the words say a
 * change applies to pages opened or reloaded afterwards.
 */
export function CheckDate() {
  const { t } = useI18n();
  const [saved, setSaved] = useState<string | null>(null);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void browser.storage.local.get(CHECK_DATE_KEY).then((got) => {
      const day = got[CHECK_DATE_KEY];
      if (typeof day === 'string' && validDay(day)) {
        setSaved(day);
        setValue(day);
      }
    });
  }, []);

  async function save(): Promise<void> {
    if (!validDay(value)) {
      setError(t('options_check_invalid'));
      return;
    }
    setError(null);
    await browser.storage.local.set({ [CHECK_DATE_KEY]: value });
    setSaved(value);
  }

  async function clear(): Promise<void> {
    setError(null);
    await browser.storage.local.remove(CHECK_DATE_KEY);
    setSaved(null);
    setValue('');
  }

  return (
    <section class="card" aria-labelledby="check-date-heading" data-testid="check-date">
      <h2 id="check-date-heading">{t('options_check_heading')}</h2>
      <p class="intro">{t('options_check_intro')}</p>
      <form
        class="check-date"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          {t('options_check_label')}
          <input type="date" name="check-date" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        </label>
        <div class="actions">
          <button type="submit" class="primary">
            {t('options_check_save')}
          </button>
          <button type="button" onClick={() => void clear()} disabled={saved === null}>
            {t('options_check_clear')}
          </button>
        </div>
      </form>
      {error ? (
        <div class="status error" role="alert">
          <p>{error}</p>
        </div>
      ) : (
        <p class="muted" role="status" data-testid="check-date-current">
          {saved ? t('options_check_current', saved) : t('options_check_today')}
        </p>
      )}
    </section>
  );
}
