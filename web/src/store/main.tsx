import { type JSX, render } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import {
  api,
  ApiError,
  type AppNotification,
  duration,
  explain,
  money,
  type Order,
  type OrderTicket,
  type Page,
  type Sale,
  serverClock,
  session,
  type User,
} from '../shared/api';
import '../shared/styles.css';

// ---------- routing ----------

function usePath(): [string, (to: string) => void] {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const go = useCallback((to: string) => {
    history.pushState(null, '', to);
    setPath(new URL(to, location.href).pathname);
    scrollTo(0, 0);
  }, []);
  return [path, go];
}

let navigate: (to: string) => void = () => undefined;

function Link(props: { href: string; children: preact.ComponentChildren; class?: string }) {
  return (
    <a
      href={props.href}
      class={props.class}
      onClick={(event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}

/** Re-renders every `ms` (jittered when asked) while mounted. */
function useTick(ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((t) => t + 1), ms);
    return () => clearInterval(id);
  }, [ms]);
  return tick;
}

function remember(sale: Sale): Sale {
  serverClock.set(Date.parse(sale.serverTime), true);
  return sale;
}

// ---------- live notifications (SSE with a single-use ticket) ----------

function useNotifications(signedIn: boolean, onArrive: (n: AppNotification) => void): void {
  const arrive = useRef(onArrive);
  arrive.current = onArrive;
  useEffect(() => {
    if (!signedIn) return;
    let source: EventSource | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let failures = 0;
    const connect = async () => {
      try {
        const { ticket } = await api<{ ticket: string }>('/api/notifications/stream-tickets', {
          method: 'POST',
        });
        if (stopped) return;
        source = new EventSource(`/api/notifications/stream?ticket=${encodeURIComponent(ticket)}`);
        source.addEventListener('open', () => (failures = 0));
        source.addEventListener('notification', (event) => {
          arrive.current(JSON.parse((event as MessageEvent<string>).data) as AppNotification);
        });
        // The stream ends when its credential expires or a newer tab takes its place: reconnect with a fresh
        // ticket (a ticket works once, so the browser's own retry would be refused).
        source.addEventListener('error', () => {
          source?.close();
          retry();
        });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return;
        retry();
      }
    };
    const retry = () => {
      if (stopped) return;
      failures++;
      const delay = Math.min(30000, 1000 * 2 ** Math.min(failures, 5)) * (0.5 + Math.random() / 2);
      timer = setTimeout(() => void connect(), delay);
    };
    void connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [signedIn]);
}

// ---------- app ----------

function App() {
  const [path, go] = usePath();
  navigate = go;
  const [token, setToken] = useState(session.get());
  const [me, setMe] = useState<User | null>(null);
  const [feed, setFeed] = useState<AppNotification[]>([]);
  const [toasts, setToasts] = useState<AppNotification[]>([]);

  const signIn = (newToken: string | null) => {
    session.set(newToken);
    setToken(newToken);
    if (!newToken) {
      setMe(null);
      setFeed([]);
    }
  };

  useEffect(() => {
    if (!token) return;
    api<User>('/api/auth/me')
      .then(setMe)
      .catch((error) => {
        if (error instanceof ApiError && error.status === 401) signIn(null);
      });
    api<Page<AppNotification>>('/api/notifications?pageSize=20')
      .then((page) => setFeed(page.items))
      .catch(() => undefined);
  }, [token]);

  useNotifications(Boolean(token), (n) => {
    setFeed((items) => [n, ...items.filter((i) => i.id !== n.id)]);
    setToasts((items) => [...items, n]);
    setTimeout(() => setToasts((items) => items.filter((i) => i.id !== n.id)), 6000);
  });

  let page: preact.ComponentChildren;
  const saleMatch = /^\/sales\/([^/]+)$/.exec(path);
  if (saleMatch) page = <SalePage id={saleMatch[1]} signedIn={Boolean(token)} />;
  else if (path === '/login') page = <LoginPage onToken={signIn} />;
  else if (path === '/register') page = <RegisterPage onToken={signIn} />;
  else if (path === '/orders') page = token ? <OrdersPage /> : <SignInFirst />;
  else if (path === '/notifications') page = token ? <NotificationsPage items={feed} /> : <SignInFirst />;
  else page = <HomePage />;

  return (
    <>
      <header class="top">
        <Link href="/" class="brand">
          ⚡ Flash sales
        </Link>
        <nav aria-label="Account">
          {token ? (
            <>
              <span class="muted">{me ? `Hi, ${me.displayName}` : ''}</span>
              <Link href="/orders">My orders</Link>
              <Link href="/notifications">Notifications{feed.length ? ` (${feed.length})` : ''}</Link>
              <button
                class="link"
                onClick={() => {
                  signIn(null);
                  go('/');
                }}
              >
                Log out
              </button>
            </>
          ) : (
            <>
              <Link href="/login">Log in</Link>
              <Link href="/register">Create account</Link>
            </>
          )}
        </nav>
      </header>
      <main id="main">{page}</main>
      <div class="toasts" role="status" aria-live="polite">
        {toasts.map((n) => (
          <div class="toast" key={n.id} data-kind={n.kind}>
            <strong>{n.title}</strong>
            <div>{n.body}</div>
          </div>
        ))}
      </div>
    </>
  );
}

function SignInFirst() {
  return (
    <p>
      Please <Link href="/login">log in</Link> first.
    </p>
  );
}

// ---------- home ----------

function HomePage() {
  const [groups, setGroups] = useState<Record<'active' | 'upcoming' | 'ended', Sale[]> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useTick(1000);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    let failures = 0;
    const load = async () => {
      try {
        const [active, upcoming, ended] = await Promise.all(
          (['active', 'upcoming', 'ended'] as const).map((status) =>
            api<Page<Sale>>(`/api/flash-sales?status=${status}&pageSize=20`, { retries: 2 }),
          ),
        );
        [...active.items, ...upcoming.items].forEach(remember);
        if (!stopped) {
          setGroups({ active: active.items, upcoming: upcoming.items, ended: ended.items });
          setError(null);
        }
        failures = 0;
      } catch (e) {
        failures++;
        if (!stopped) setError(explain(e));
      }
      // A slow, jittered refresh; it backs off while the API struggles.
      if (!stopped)
        timer = setTimeout(
          () => void load(),
          Math.min(60000, 10000 * 2 ** failures) * (0.8 + Math.random() * 0.4),
        );
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  if (!groups) return <p aria-busy="true">{error ?? 'Loading sales…'}</p>;
  return (
    <>
      <h1>Flash sales</h1>
      {error && <p class="notice bad">{error}</p>}
      <section aria-labelledby="live">
        <h2 id="live">On now</h2>
        <SaleGrid sales={groups.active} empty="Nothing on sale right now." />
      </section>
      <section aria-labelledby="soon">
        <h2 id="soon">Coming up</h2>
        <SaleGrid sales={groups.upcoming} empty="No sale is scheduled yet." />
      </section>
      {groups.ended.length > 0 && (
        <section aria-labelledby="past">
          <h2 id="past">Ended</h2>
          <SaleGrid sales={groups.ended} empty="" />
        </section>
      )}
    </>
  );
}

function SaleGrid({ sales, empty }: { sales: Sale[]; empty: string }) {
  if (sales.length === 0) return <p class="muted">{empty}</p>;
  return (
    <ul class="grid" role="list" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {sales.map((sale) => (
        <li class="card" key={sale.id} data-sale-id={sale.id}>
          <h3 style={{ margin: '0 0 0.3rem' }}>
            <Link href={`/sales/${sale.id}`}>{sale.title || sale.product.name}</Link>
          </h3>
          <div class="muted">{sale.product.name}</div>
          <div>
            <span class="price">{money(sale.salePriceCents)}</span>
            <span class="strike">{money(sale.product.priceCents)}</span>
          </div>
          <SaleTiming sale={sale} />
        </li>
      ))}
    </ul>
  );
}

function phase(sale: Sale, now: number): 'upcoming' | 'active' | 'ended' {
  if (Number.isNaN(now)) return sale.status;
  if (now < Date.parse(sale.startsAt)) return 'upcoming';
  if (now >= Date.parse(sale.endsAt)) return 'ended';
  return 'active';
}

function SaleTiming({ sale }: { sale: Sale }) {
  const now = serverClock.now();
  const state = phase(sale, now);
  if (state === 'upcoming')
    return (
      <p>
        <span class="badge">Starts in</span>{' '}
        <span class="countdown" data-testid="countdown">
          {duration(Date.parse(sale.startsAt) - now)}
        </span>
      </p>
    );
  if (state === 'active' && sale.remaining <= 0)
    return (
      <p>
        <span class="badge ended">Sold out</span>
      </p>
    );
  if (state === 'active')
    return (
      <p>
        <span class="badge active">On now</span> {sale.remaining} left · ends in{' '}
        {duration(Date.parse(sale.endsAt) - now)}
      </p>
    );
  return (
    <p>
      <span class="badge ended">Ended</span>
    </p>
  );
}

// ---------- sale ----------

type Outcome =
  | { kind: 'order'; order: Order }
  | { kind: 'queued'; ticketId: string }
  | { kind: 'refused'; message: string; code: string };

interface Captcha {
  captchaId: string;
  kind: 'pow' | 'image';
  svg?: string;
  challenge?: { algorithm: string; challenge: string; maxnumber?: number; salt: string; signature: string };
}

function SalePage({ id, signedIn }: { id: string; signedIn: boolean }) {
  const [sale, setSale] = useState<Sale | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [quantity, setQuantity] = useState(1);
  const [captcha, setCaptcha] = useState<Captcha | null>(null);
  const [answer, setAnswer] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [ticket, setTicket] = useState<OrderTicket | null>(null);
  const buyButton = useRef<HTMLButtonElement>(null);
  useTick(250);

  // Remaining units, from the cached public endpoint about every second (jittered) while the sale is live.
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    let failures = 0;
    const load = async () => {
      let next = 1000;
      try {
        const fresh = remember(await api<Sale>(`/api/flash-sales/${id}`));
        if (stopped) return;
        setSale(fresh);
        setLoadError(null);
        failures = 0;
        const now = serverClock.now();
        if (fresh.status === 'ended') return;
        const untilStart = Date.parse(fresh.startsAt) - now;
        // Far from the start there is nothing to watch: check now and then, and again just before it opens.
        if (untilStart > 15000) next = Math.min(untilStart - 5000, 30000);
      } catch (error) {
        failures++;
        if (!stopped) setLoadError(explain(error));
        if (error instanceof ApiError && error.status === 404) return;
        next = Math.min(30000, 1000 * 2 ** failures);
      }
      if (!stopped) timer = setTimeout(() => void load(), next * (0.75 + Math.random() * 0.5));
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [id]);

  // The async ticket, followed to its end.
  useEffect(() => {
    if (outcome?.kind !== 'queued') return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    let polls = 0;
    const poll = async () => {
      polls++;
      try {
        const t = await api<OrderTicket>(`/api/order-tickets/${outcome.ticketId}`, { retries: 3 });
        if (stopped) return;
        setTicket(t);
        if (t.status === 'succeeded' && t.orderId) {
          const order = await api<Order>(`/api/orders/${t.orderId}`, { retries: 3 });
          if (!stopped) setOutcome({ kind: 'order', order });
          return;
        }
        if (t.status === 'failed') {
          if (!stopped)
            setOutcome({ kind: 'refused', code: t.reason ?? 'FAILED', message: ticketReason(t.reason) });
          return;
        }
      } catch {
        // keep polling a little longer
      }
      if (!stopped && polls < 120) timer = setTimeout(() => void poll(), Math.min(3000, 300 * 1.3 ** polls));
      else if (!stopped)
        setOutcome({ kind: 'refused', code: 'TIMEOUT', message: 'Still queued; check My orders shortly.' });
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [outcome]);

  const now = serverClock.now();
  const state = sale ? phase(sale, now) : 'upcoming';
  const wasOpen = useRef(false);
  useEffect(() => {
    if (state === 'active' && !wasOpen.current && buyButton.current && !buyButton.current.disabled) {
      wasOpen.current = true;
    }
  }, [state]);

  if (!sale) return <p aria-busy="true">{loadError ?? 'Loading…'}</p>;

  const getCaptcha = async (): Promise<Captcha | null> => {
    setBusy('Loading the check…');
    const c = await api<Captcha>(`/api/flash-sales/${sale.id}/captcha`, { retries: 3 });
    const kind = c.kind ?? (c.challenge ? 'pow' : 'image');
    const full = { ...c, kind };
    setCaptcha(full);
    setAnswer('');
    return full;
  };

  const solve = (c: Captcha): Promise<string> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module' });
      worker.onmessage = (event: MessageEvent<{ number: number | null }>) => {
        worker.terminate();
        if (event.data.number === null) reject(new Error('no solution'));
        else resolve(String(event.data.number));
      };
      worker.onerror = () => {
        worker.terminate();
        reject(new Error('worker failed'));
      };
      worker.postMessage(c.challenge);
    });

  const buy = async () => {
    if (!signedIn) {
      navigate('/login?next=' + encodeURIComponent(location.pathname));
      return;
    }
    setOutcome(null);
    setTicket(null);
    const key = crypto.randomUUID();
    try {
      let body: Record<string, unknown> = { quantity };
      if (sale.captchaRequired) {
        let c = captcha;
        if (!c) {
          c = await getCaptcha();
          if (c?.kind === 'image') {
            setBusy(null);
            return; // the shopper types the text, then presses Buy again
          }
        }
        if (!c) return;
        let captchaAnswer = answer.trim();
        if (c.kind === 'pow') {
          setBusy('Checking you are not a bot (a few seconds)…');
          captchaAnswer = await solve(c);
        }
        body = { ...body, captchaId: c.captchaId, captchaAnswer };
      }
      setBusy('Placing your order…');
      const result = await api<Order | { ticketId: string; status: 'queued' }>(
        `/api/flash-sales/${sale.id}/orders`,
        {
          method: 'POST',
          body,
          headers: { 'Idempotency-Key': key },
          retries: 4,
          onRetry: (attempt) => setBusy(`The shop is busy; trying again (${attempt} of 4)…`),
        },
      );
      setCaptcha(null);
      if ('ticketId' in result) setOutcome({ kind: 'queued', ticketId: result.ticketId });
      else setOutcome({ kind: 'order', order: result });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CAPTCHA_INVALID') setCaptcha(null);
      setOutcome({
        kind: 'refused',
        message: explain(error),
        code: error instanceof ApiError ? error.code : 'ERROR',
      });
    } finally {
      setBusy(null);
    }
  };

  const soldOut = sale.remaining <= 0 && state === 'active';
  const open = state === 'active' && !soldOut;
  const max = Math.max(1, Math.min(sale.perUserLimit, Math.max(sale.remaining, 1)));
  const startsIn = Date.parse(sale.startsAt) - now;

  return (
    <article aria-labelledby="sale-title">
      <p>
        <Link href="/">← All sales</Link>
      </p>
      <h1 id="sale-title">{sale.title || sale.product.name}</h1>
      <div class="card">
        <div class="muted">{sale.product.name}</div>
        {sale.product.description && <p>{sale.product.description}</p>}
        <p>
          <span class="price">{money(sale.salePriceCents)}</span>
          <span class="strike">{money(sale.product.priceCents)}</span>
        </p>
        <p aria-live="polite">
          <strong data-testid="remaining">{sale.remaining}</strong> of {sale.stock} left
        </p>
        <div class="meter" aria-hidden="true">
          <span style={{ width: `${(100 * sale.remaining) / Math.max(1, sale.stock)}%` }} />
        </div>
        <p class="muted">Limit {sale.perUserLimit} per shopper.</p>
        {state === 'upcoming' && (
          <p>
            Opens in{' '}
            <span class="countdown" data-testid="countdown" role="timer" aria-live="off">
              {duration(startsIn)}
            </span>
          </p>
        )}
        {state === 'active' && <p>Ends in {duration(Date.parse(sale.endsAt) - now)}</p>}
        {state === 'ended' && <p class="notice">This sale has ended.</p>}
        {soldOut && <p class="notice bad">Sold out: every unit has been sold.</p>}

        {state !== 'ended' && (
          <div class="stack" style={{ display: 'grid', gap: '0.8rem' }}>
            {max > 1 && (
              <div class="field">
                <label for="qty">Quantity</label>
                <select
                  id="qty"
                  value={quantity}
                  onChange={(e) => setQuantity(Number(e.currentTarget.value))}
                >
                  {Array.from({ length: max }, (_, i) => (
                    <option value={i + 1}>{i + 1}</option>
                  ))}
                </select>
              </div>
            )}
            {captcha?.kind === 'image' && (
              <div class="field captcha">
                <img
                  src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(captcha.svg ?? '')}`}
                  alt="Characters to type (visual check)"
                />
                <label for="captcha">Type the characters you see</label>
                <input
                  id="captcha"
                  autocomplete="off"
                  value={answer}
                  onInput={(e) => setAnswer(e.currentTarget.value)}
                />
                <button
                  type="button"
                  class="link"
                  onClick={() => void getCaptcha().finally(() => setBusy(null))}
                >
                  Show another
                </button>
              </div>
            )}
            <button
              ref={buyButton}
              class="primary big"
              disabled={!open || busy !== null}
              onClick={() => void buy()}
              aria-describedby="buy-help"
            >
              {state === 'upcoming'
                ? 'Opens soon'
                : soldOut
                  ? 'Sold out'
                  : signedIn
                    ? 'Buy now'
                    : 'Log in to buy'}
            </button>
            <div id="buy-help" class="muted" aria-live="polite">
              {busy ?? (sale.captchaRequired ? 'A quick check that you are not a bot comes first.' : '')}
            </div>
          </div>
        )}
      </div>

      <div aria-live="assertive">
        {outcome?.kind === 'order' && (
          <div class="notice good" data-testid="outcome" data-status={outcome.order.status}>
            <strong>It's yours!</strong> Order #{outcome.order.id}: {outcome.order.quantity} ×{' '}
            {money(outcome.order.unitPriceCents)} = {money(outcome.order.totalCents)}. Pay within{' '}
            {duration(Date.parse(outcome.order.expiresAt) - now)} in <Link href="/orders">My orders</Link>.
          </div>
        )}
        {outcome?.kind === 'queued' && (
          <div class="notice" data-testid="outcome" data-status="queued">
            You're in the queue (ticket {outcome.ticketId.slice(0, 8)}…): {ticket?.status ?? 'queued'}. Keep
            this page open.
          </div>
        )}
        {outcome?.kind === 'refused' && (
          <div class="notice bad" data-testid="outcome" data-code={outcome.code} role="alert">
            {outcome.message}
          </div>
        )}
      </div>
    </article>
  );
}

function ticketReason(reason: string | undefined): string {
  if (!reason) return 'Your place in the queue did not turn into an order.';
  return explain(
    new ApiError(409, { statusCode: 409, code: reason, message: reason, details: [] }, undefined),
  );
}

// ---------- account ----------

function useForm<T extends Record<string, string>>(initial: T) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<Partial<Record<keyof T | 'form', string>>>({});
  const bind = (name: keyof T & string) => ({
    id: name,
    name,
    value: values[name],
    'aria-invalid': errors[name] ? (true as const) : undefined,
    'aria-describedby': errors[name] ? `${name}-error` : undefined,
    onInput: (e: Event) => setValues({ ...values, [name]: (e.currentTarget as HTMLInputElement).value }),
  });
  const fromError = (error: unknown, fieldForCode: Record<string, keyof T> = {}) => {
    if (error instanceof ApiError && error.body.details.length > 0) {
      const next: Partial<Record<keyof T | 'form', string>> = {};
      for (const d of error.body.details) next[d.field as keyof T] ??= d.message;
      setErrors(next);
    } else if (error instanceof ApiError && fieldForCode[error.code]) {
      setErrors({ [fieldForCode[error.code]]: error.message } as Partial<Record<keyof T, string>>);
    } else setErrors({ form: explain(error) } as Partial<Record<keyof T | 'form', string>>);
  };
  return { values, errors, setErrors, bind, fromError };
}

type Form<T extends Record<string, string>> = ReturnType<typeof useForm<T>>;

/** The form's own error (one not about a field), as an alert. */
function FormError<T extends Record<string, string>>({ form }: { form: Form<T> }) {
  if (!form.errors.form) return null;
  return (
    <p class="notice bad" role="alert">
      {form.errors.form}
    </p>
  );
}

/** A labelled input bound to the form's field `name`, with a hint below it and the field's error. */
function FormField<T extends Record<string, string>>({
  form,
  name,
  label,
  hint,
  ...input
}: { form: Form<T>; name: keyof T & string; label: string; hint?: string } & Omit<
  JSX.InputHTMLAttributes<HTMLInputElement>,
  'form' | 'name'
>) {
  return (
    <div class="field">
      <label for={name}>{label}</label>
      <input required {...input} {...form.bind(name)} />
      {hint && <span class="muted">{hint}</span>}
      <FieldError name={name} message={form.errors[name]} />
    </div>
  );
}

/** The email and password fields of the log-in and register forms; `password` is its autocomplete kind. */
function Credentials<T extends { email: string; password: string }>({
  form,
  password,
  hint,
}: {
  form: Form<T>;
  password: 'current-password' | 'new-password';
  hint?: string;
}) {
  return (
    <>
      <FormField form={form} name="email" label="Email" type="email" autocomplete="email" />
      <FormField
        form={form}
        name="password"
        label="Password"
        type="password"
        autocomplete={password}
        hint={hint}
      />
    </>
  );
}

function FieldError({ name, message }: { name: string; message?: string }) {
  if (!message) return null;
  return (
    <span class="error" id={`${name}-error`}>
      {message}
    </span>
  );
}

function nextPath(): string {
  const next = new URLSearchParams(location.search).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

function LoginPage({ onToken }: { onToken: (t: string) => void }) {
  const form = useForm({ email: '', password: '' });
  const [sending, setSending] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setSending(true);
    try {
      const { accessToken } = await api<{ accessToken: string }>('/api/auth/login', {
        method: 'POST',
        body: form.values,
        token: null,
        retries: 2,
      });
      onToken(accessToken);
      navigate(nextPath());
    } catch (error) {
      form.fromError(error);
    } finally {
      setSending(false);
    }
  };
  return (
    <>
      <h1>Log in</h1>
      <form class="stack" onSubmit={(e) => void submit(e)} noValidate>
        <FormError form={form} />
        <Credentials form={form} password="current-password" />
        <button class="primary" type="submit" disabled={sending}>
          Log in
        </button>
        <p>
          New here? <Link href="/register">Create an account</Link>
        </p>
      </form>
    </>
  );
}

function RegisterPage({ onToken }: { onToken: (t: string) => void }) {
  const form = useForm({ displayName: '', email: '', password: '' });
  const [sending, setSending] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setSending(true);
    try {
      await api('/api/auth/register', { method: 'POST', body: form.values, token: null, retries: 2 });
      const { accessToken } = await api<{ accessToken: string }>('/api/auth/login', {
        method: 'POST',
        body: { email: form.values.email, password: form.values.password },
        token: null,
        retries: 2,
      });
      onToken(accessToken);
      navigate(nextPath());
    } catch (error) {
      form.fromError(error, { EMAIL_TAKEN: 'email' });
    } finally {
      setSending(false);
    }
  };
  return (
    <>
      <h1>Create an account</h1>
      <form class="stack" onSubmit={(e) => void submit(e)} noValidate>
        <FormError form={form} />
        <FormField form={form} name="displayName" label="Name" autocomplete="nickname" />
        <Credentials
          form={form}
          password="new-password"
          hint="8 to 128 characters, with a letter and a digit."
        />
        <button class="primary" type="submit" disabled={sending}>
          Create account
        </button>
      </form>
    </>
  );
}

// ---------- orders ----------

const STATUS_WORDS: Record<Order['status'], string> = {
  pending_payment: 'Waiting for payment',
  paid: 'Paid',
  cancelled: 'Cancelled',
  expired: 'Expired (not paid in time)',
};

function OrdersPage() {
  const [orders, setOrders] = useState<Order[] | null>(null);
  const [message, setMessage] = useState<{ text: string; good: boolean } | null>(null);
  const [working, setWorking] = useState<string | null>(null);
  useTick(1000);
  const load = useCallback(async () => {
    try {
      const page = await api<Page<Order>>('/api/orders?pageSize=50', { retries: 2 });
      setOrders(page.items);
    } catch (error) {
      setMessage({ text: explain(error), good: false });
    }
  }, []);
  useEffect(() => {
    void load();
    const id = setInterval(() => void load(), 15000);
    return () => clearInterval(id);
  }, [load]);
  const act = async (order: Order, action: 'pay' | 'decline' | 'cancel') => {
    setWorking(order.id);
    setMessage(null);
    try {
      if (action === 'cancel') {
        await api(`/api/orders/${order.id}/cancel`, { method: 'POST', retries: 2 });
        setMessage({ text: `Order #${order.id} cancelled; its units are back on sale.`, good: true });
      } else {
        await api(`/api/orders/${order.id}/pay`, {
          method: 'POST',
          body: action === 'decline' ? { paymentToken: 'decline' } : {},
          retries: 2,
        });
        setMessage({ text: `Order #${order.id} is paid. Thank you!`, good: true });
      }
    } catch (error) {
      setMessage({ text: explain(error), good: false });
    } finally {
      setWorking(null);
      await load();
    }
  };
  if (!orders) return <p aria-busy="true">Loading your orders…</p>;
  const now = serverClock.now();
  return (
    <>
      <h1>My orders</h1>
      {message && (
        <p class={`notice ${message.good ? 'good' : 'bad'}`} role="status" data-testid="order-message">
          {message.text}
        </p>
      )}
      {orders.length === 0 && <p class="muted">No orders yet.</p>}
      <ul style={{ listStyle: 'none', padding: 0, display: 'grid', gap: '0.8rem' }}>
        {orders.map((order) => {
          const left = Date.parse(order.expiresAt) - (Number.isNaN(now) ? Date.parse(order.createdAt) : now);
          const payable = order.status === 'pending_payment' && left > 0;
          return (
            <li class="card" key={order.id} data-order-id={order.id} data-status={order.status}>
              <div class="row" style={{ justifyContent: 'space-between' }}>
                <strong>Order #{order.id}</strong>
                <span
                  class={`badge ${order.status === 'paid' ? 'active' : order.status === 'pending_payment' ? '' : 'ended'}`}
                >
                  {STATUS_WORDS[order.status]}
                </span>
              </div>
              <p>
                {order.quantity} × {money(order.unitPriceCents)} = <strong>{money(order.totalCents)}</strong>
              </p>
              {payable && (
                <p>
                  Time left to pay: <span class="countdown">{duration(left)}</span>
                </p>
              )}
              {payable && (
                <div class="row">
                  <button
                    class="primary"
                    disabled={working === order.id}
                    onClick={() => void act(order, 'pay')}
                  >
                    Pay {money(order.totalCents)}
                  </button>
                  <button disabled={working === order.id} onClick={() => void act(order, 'decline')}>
                    Try a declined card (test)
                  </button>
                  <button disabled={working === order.id} onClick={() => void act(order, 'cancel')}>
                    Cancel order
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function NotificationsPage({ items }: { items: AppNotification[] }) {
  return (
    <>
      <h1>Notifications</h1>
      <p class="muted">New ones appear here as they happen.</p>
      {items.length === 0 && <p class="muted">Nothing yet.</p>}
      <ul style={{ listStyle: 'none', padding: 0, display: 'grid', gap: '0.6rem' }} aria-live="polite">
        {items.map((n) => (
          <li class="card" key={n.id} data-kind={n.kind}>
            <strong>{n.title}</strong>
            <div>{n.body}</div>
            <div class="muted">{new Date(n.createdAt).toLocaleString()}</div>
          </li>
        ))}
      </ul>
    </>
  );
}

render(<App />, document.getElementById('app')!);
