import { type ComponentChildren, type JSX } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Page } from '../shared/api';

// The console's building blocks: every page shows notices, fields, tables and cards the same way.

/** An API error in words, with the fields it names. */
export function message(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.body.details.map((d) => `${d.field}: ${d.message}`).join('; ');
    return fields ? `${error.message} (${fields})` : error.message;
  }
  return 'Something went wrong';
}

export interface Note {
  text: string;
  good: boolean;
}

/** A success (a status) or a failure (an alert); nothing when there is no note. */
export function Notice({ note }: { note: Note | string | null }) {
  if (note === null) return null;
  const { text, good } = typeof note === 'string' ? { text: note, good: false } : note;
  return (
    <p class={`notice ${good ? 'good' : 'bad'}`} role={good ? 'status' : 'alert'}>
      {text}
    </p>
  );
}

/** A text input's state: `props` for the input, `value` and `set` for the code around it. */
export function useInput(initial: string) {
  const [value, set] = useState(initial);
  const onInput = (e: JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    set(e.currentTarget.value);
  return { value, set, props: { value, onInput } };
}

/** A labelled input; `after` follows it (a lock note, say). */
export function Field({
  id,
  label,
  after,
  ...input
}: { id: string; label: string; after?: ComponentChildren } & JSX.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <LabelledControl id={id} label={label} after={after}>
      <input id={id} {...input} />
    </LabelledControl>
  );
}

/** A label above any control (a select, a textarea) whose id is `id`. */
export function LabelledControl({
  id,
  label,
  after,
  children,
}: {
  id: string;
  label: ComponentChildren;
  after?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {after}
    </div>
  );
}

/** A table of `rows`, one `<tr>` each from `row`, under a header of `columns`. */
export function Table<T>({
  columns,
  rows,
  row,
}: {
  columns: string[];
  rows: T[];
  row: (item: T) => JSX.Element;
}) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>{rows.map(row)}</tbody>
      </table>
    </div>
  );
}

/** A figure on a card: its label above, anything else below. */
export function Stat({
  label,
  value,
  testId,
  children,
}: {
  label: string;
  value: ComponentChildren;
  testId?: string;
  children?: ComponentChildren;
}) {
  return (
    <div class="card">
      <div class="muted">{label}</div>
      <div class="stat" data-testid={testId}>
        {value}
      </div>
      {children}
    </div>
  );
}

/** The first page (up to 100) of an admin list, and a way to read it again; failures go to `onError`. */
export function useList<T>(path: string, onError: (text: string) => void): [T[], () => void] {
  const [items, setItems] = useState<T[]>([]);
  const load = useCallback(() => {
    api<Page<T>>(`${path}?pageSize=100`).then(
      (page) => setItems(page.items),
      (error) => onError(message(error)),
    );
    // onError is a state setter (or calls one): reading the list again needs only the path.
  }, [path]);
  useEffect(load, [load]);
  return [items, load];
}
