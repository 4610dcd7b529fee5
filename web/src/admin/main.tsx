import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { type SaleSummary as Summary } from '../../../src/adapter/http/contract';
import {
  api,
  ApiError,
  duration,
  money,
  type Product,
  type Sale,
  serverClock,
  session,
  type User,
} from '../shared/api';
import '../shared/styles.css';
import { Field, LabelledControl, message, type Note, Notice, Stat, Table, useInput, useList } from './ui';

session.key = 'flash-sale-admin-token';

/** A sale as the admin API shows it: the storefront's, with the product's id and the ordering settings. */
interface AdminSale extends Omit<Sale, 'product' | 'serverTime'> {
  productId: string;
  strategy: 'sync' | 'async' | 'bucketed';
  bucketCount: number;
  paymentTimeoutSeconds: number;
  captchaDifficulty?: number;
}

interface Ban {
  ip: string;
  reason: string;
  createdAt: string;
  expiresAt: string | null;
}

/** The sale's state by the server's clock (its `status` is only as fresh as the last read). */
function statusOf(sale: AdminSale): AdminSale['status'] {
  const now = serverClock.now();
  if (Number.isNaN(now)) return sale.status;
  if (now < Date.parse(sale.startsAt)) return 'upcoming';
  return now < Date.parse(sale.endsAt) ? 'active' : 'ended';
}

type View =
  { name: 'sales' } | { name: 'products' } | { name: 'bans' } | { name: 'dashboard'; saleId: string };

function viewFromPath(): View {
  const dash = /^\/admin\/sales\/([^/]+)\/dashboard$/.exec(location.pathname);
  if (dash) return { name: 'dashboard', saleId: dash[1] };
  if (location.pathname === '/admin/products') return { name: 'products' };
  if (location.pathname === '/admin/bans') return { name: 'bans' };
  return { name: 'sales' };
}

function pathOf(view: View): string {
  if (view.name === 'dashboard') return `/admin/sales/${view.saleId}/dashboard`;
  return view.name === 'sales' ? '/admin' : `/admin/${view.name}`;
}

function Console() {
  const [token, setToken] = useState(session.get());
  const [me, setMe] = useState<User | null>(null);
  const [view, setView] = useState<View>(viewFromPath());
  useEffect(() => {
    const onPop = () => setView(viewFromPath());
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const go = (next: View) => {
    history.pushState(null, '', pathOf(next));
    setView(next);
  };
  useEffect(() => {
    if (!token) return;
    api<User>('/api/auth/me')
      .then((user) => {
        if (user.role !== 'admin')
          throw new ApiError(
            403,
            {
              statusCode: 403,
              code: 'FORBIDDEN',
              message: 'This account is not an administrator',
              details: [],
            },
            undefined,
          );
        setMe(user);
        // The queue board cannot take a bearer token: an admin-only HttpOnly cookie opens it.
        return api('/api/admin/console-session', { method: 'POST' });
      })
      .catch(() => {
        session.set(null);
        setToken(null);
      });
  }, [token]);
  const logOut = async () => {
    await api('/api/admin/console-session', { method: 'DELETE' }).catch(() => undefined);
    session.set(null);
    setToken(null);
    setMe(null);
  };
  if (!token || !me) return <SignIn onToken={setToken} waiting={Boolean(token)} />;
  const tab = (name: View['name'], label: string) => (
    <a
      href={pathOf(name === 'dashboard' ? view : { name })}
      aria-current={view.name === name ? 'page' : undefined}
      onClick={(e) => {
        e.preventDefault();
        go({ name } as View);
      }}
    >
      {label}
    </a>
  );
  return (
    <>
      <header class="top">
        <span class="brand">⚡ Console</span>
        <nav aria-label="Console">
          {tab('sales', 'Sales')}
          {tab('products', 'Products')}
          {tab('bans', 'IP bans')}
          <a href="/admin/queues" target="_blank" rel="noopener">
            Queues (Bull Board)
          </a>
          <a href="/" target="_blank" rel="noopener">
            Storefront
          </a>
          <button class="link" onClick={() => void logOut()}>
            Log out {me.email}
          </button>
        </nav>
      </header>
      <main>
        {view.name === 'sales' && <Sales open={(saleId) => go({ name: 'dashboard', saleId })} />}
        {view.name === 'products' && <Products />}
        {view.name === 'bans' && <Bans />}
        {view.name === 'dashboard' && <Dashboard saleId={view.saleId} />}
      </main>
    </>
  );
}

function SignIn({ onToken, waiting }: { onToken: (t: string) => void; waiting: boolean }) {
  const email = useInput('');
  const password = useInput('');
  const [error, setError] = useState<string | null>(null);
  if (waiting) return <p aria-busy="true">Signing in…</p>;
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const { accessToken } = await api<{ accessToken: string }>('/api/auth/login', {
        method: 'POST',
        body: { email: email.value, password: password.value },
        token: null,
      });
      const user = await api<User>('/api/auth/me', { token: accessToken });
      if (user.role !== 'admin') {
        setError('This account is not an administrator.');
        return;
      }
      session.set(accessToken);
      onToken(accessToken);
    } catch (err) {
      setError(message(err));
    }
  };
  return (
    <main>
      <h1>Console sign-in</h1>
      <form class="stack" onSubmit={(e) => void submit(e)}>
        <Notice note={error} />
        <Field id="email" label="Admin email" type="email" autocomplete="username" {...email.props} />
        <Field
          id="password"
          label="Password"
          type="password"
          autocomplete="current-password"
          {...password.props}
        />
        <button class="primary" type="submit">
          Sign in
        </button>
      </form>
    </main>
  );
}

// ---------- products ----------

function Products() {
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [items, load] = useList<Product>('/api/admin/products', setNote);
  const remove = async (p: Product) => {
    if (!confirm(`Delete ${p.name}?`)) return;
    try {
      await api(`/api/admin/products/${p.id}`, { method: 'DELETE' });
      load();
    } catch (e) {
      setNote(message(e));
    }
  };
  return (
    <>
      <h1>Products</h1>
      <Notice note={note} />
      <p>
        <button class="primary" onClick={() => setEditing('new')}>
          New product
        </button>
      </p>
      {editing && (
        <ProductForm
          product={editing === 'new' ? null : editing}
          done={() => {
            setEditing(null);
            load();
          }}
        />
      )}
      <Table
        columns={['Name', 'Price', 'Actions']}
        rows={items}
        row={(p) => (
          <tr key={p.id}>
            <td>
              {p.name}
              <div class="muted">{p.description}</div>
            </td>
            <td>{money(p.priceCents)}</td>
            <td class="row">
              <button onClick={() => setEditing(p)}>Edit</button>
              <button onClick={() => void remove(p)}>Delete</button>
            </td>
          </tr>
        )}
      />
    </>
  );
}

function ProductForm({ product, done }: { product: Product | null; done: () => void }) {
  const name = useInput(product?.name ?? '');
  const description = useInput(product?.description ?? '');
  const imageUrl = useInput(product?.imageUrl ?? '');
  const price = useInput(product ? String(product.priceCents) : '');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = { name: name.value, priceCents: Number(price.value) };
    if (description.value) body.description = description.value;
    if (imageUrl.value) body.imageUrl = imageUrl.value;
    try {
      await api(product ? `/api/admin/products/${product.id}` : '/api/admin/products', {
        method: product ? 'PATCH' : 'POST',
        body,
      });
      done();
    } catch (err) {
      setError(message(err));
    }
  };
  return (
    <form
      class="card stack"
      onSubmit={(e) => void submit(e)}
      aria-label={product ? 'Edit product' : 'New product'}
    >
      <Notice note={error} />
      <Field id="p-name" label="Name" {...name.props} />
      <LabelledControl id="p-desc" label="Description">
        <textarea id="p-desc" {...description.props} />
      </LabelledControl>
      <Field id="p-img" label="Image URL" type="url" {...imageUrl.props} />
      <Field id="p-price" label="List price (cents)" inputMode="numeric" {...price.props} />
      <div class="row">
        <button class="primary" type="submit">
          Save product
        </button>
        <button type="button" onClick={done}>
          Cancel
        </button>
      </div>
    </form>
  );
}

// ---------- sales ----------

function Sales({ open }: { open: (saleId: string) => void }) {
  const [editing, setEditing] = useState<AdminSale | 'new' | null>(null);
  const [note, setNote] = useState<Note | null>(null);
  const [items, loadSales] = useList<AdminSale>('/api/admin/flash-sales', (text) =>
    setNote({ text, good: false }),
  );
  const [products, loadProducts] = useList<Product>('/api/admin/products', () => undefined);
  const load = () => {
    loadSales();
    loadProducts();
  };
  const act = async (sale: AdminSale, action: 'warm-up' | 'delete') => {
    try {
      if (action === 'delete') {
        if (!confirm(`Delete ${sale.title}?`)) return;
        await api(`/api/admin/flash-sales/${sale.id}`, { method: 'DELETE' });
        setNote({ text: 'Sale deleted.', good: true });
      } else {
        const r = await api<{ remaining: number }>(`/api/admin/flash-sales/${sale.id}/warm-up`, {
          method: 'POST',
        });
        setNote({ text: `Warmed up: ${r.remaining} units ready in Redis.`, good: true });
      }
      load();
    } catch (e) {
      setNote({ text: message(e), good: false });
    }
  };
  const name = (id: string) => products.find((p) => p.id === id)?.name ?? `#${id}`;
  return (
    <>
      <h1>Flash sales</h1>
      <Notice note={note} />
      <p>
        <button class="primary" onClick={() => setEditing('new')} disabled={products.length === 0}>
          New sale
        </button>{' '}
        {products.length === 0 && <span class="muted">Create a product first.</span>}
      </p>
      {editing && (
        <SaleForm
          sale={editing === 'new' ? null : editing}
          products={products}
          done={(saved) => {
            setEditing(null);
            if (saved) setNote({ text: `Saved “${saved.title}”.`, good: true });
            load();
          }}
        />
      )}
      <Table
        columns={['Sale', 'Status', 'Stock', 'Times', 'Actions']}
        rows={items}
        row={(s) => (
          <tr key={s.id} data-sale-id={s.id}>
            <td>
              <strong>{s.title}</strong>
              <div class="muted">
                {name(s.productId)} · {money(s.salePriceCents)} · {s.strategy}
                {s.strategy === 'bucketed' ? ` ×${s.bucketCount}` : ''}
                {s.captchaRequired ? ` · captcha${s.captchaKind ? ` (${s.captchaKind})` : ''}` : ''}
              </div>
            </td>
            <td>
              <span class={`badge ${s.status}`}>{s.status}</span>
            </td>
            <td>
              {s.remaining} / {s.stock}
            </td>
            <td class="muted">
              {new Date(s.startsAt).toLocaleString()}
              <br />→ {new Date(s.endsAt).toLocaleString()}
            </td>
            <td>
              <div class="row">
                <button onClick={() => open(s.id)}>Dashboard</button>
                <button onClick={() => setEditing(s)}>Edit</button>
                <button onClick={() => void act(s, 'warm-up')}>Warm up</button>
                <button onClick={() => void act(s, 'delete')}>Delete</button>
              </div>
            </td>
          </tr>
        )}
      />
    </>
  );
}

function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function SaleForm({
  sale,
  products,
  done,
}: {
  sale: AdminSale | null;
  products: Product[];
  done: (saved?: AdminSale) => void;
}) {
  const now = serverClock.now();
  const soon = new Date((Number.isNaN(now) ? Date.now() : now) + 120_000).toISOString();
  const later = new Date((Number.isNaN(now) ? Date.now() : now) + 3_720_000).toISOString();
  const [v, setV] = useState({
    productId: sale?.productId ?? products[0]?.id ?? '',
    title: sale?.title ?? '',
    salePriceCents: String(sale?.salePriceCents ?? ''),
    stock: String(sale?.stock ?? 100),
    perUserLimit: String(sale?.perUserLimit ?? 1),
    startsAt: toLocalInput(sale?.startsAt ?? soon),
    endsAt: toLocalInput(sale?.endsAt ?? later),
    strategy: sale?.strategy ?? 'sync',
    bucketCount: String(sale?.bucketCount ?? 8),
    paymentTimeoutSeconds: String(sale?.paymentTimeoutSeconds ?? 900),
    captchaRequired: sale?.captchaRequired ?? false,
    captchaKind: sale?.captchaKind ?? 'pow',
    captchaDifficulty: String(sale?.captchaDifficulty ?? 100000),
  });
  const [error, setError] = useState<string | null>(null);
  // Once a sale has started, stock, strategy, buckets and times are locked (409 SALE_LOCKED).
  const locked = sale !== null && statusOf(sale) !== 'upcoming';
  const set = (key: keyof typeof v) => (e: Event) => {
    const target = e.currentTarget as HTMLInputElement;
    setV({ ...v, [key]: target.type === 'checkbox' ? target.checked : target.value });
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = {
      title: v.title,
      salePriceCents: Number(v.salePriceCents),
      perUserLimit: Number(v.perUserLimit),
      paymentTimeoutSeconds: Number(v.paymentTimeoutSeconds),
      captchaRequired: v.captchaRequired,
    };
    if (v.captchaRequired) {
      body.captchaKind = v.captchaKind;
      if (v.captchaKind === 'pow') body.captchaDifficulty = Number(v.captchaDifficulty);
    }
    if (!locked) {
      Object.assign(body, {
        stock: Number(v.stock),
        startsAt: new Date(v.startsAt).toISOString(),
        endsAt: new Date(v.endsAt).toISOString(),
        strategy: v.strategy,
      });
      if (v.strategy === 'bucketed') body.bucketCount = Number(v.bucketCount);
    }
    if (!sale) body.productId = v.productId;
    try {
      const saved = await api<AdminSale>(
        sale ? `/api/admin/flash-sales/${sale.id}` : '/api/admin/flash-sales',
        {
          method: sale ? 'PATCH' : 'POST',
          body,
        },
      );
      done(saved);
    } catch (err) {
      setError(message(err));
    }
  };
  const lockNote = locked ? <span class="locked">🔒 locked: the sale has started</span> : null;
  const numeric = (id: string, label: string, key: keyof typeof v, lockable = false) => (
    <Field
      id={id}
      label={label}
      inputMode="numeric"
      value={v[key] as string}
      onInput={set(key)}
      disabled={lockable && locked}
      after={lockable ? lockNote : undefined}
    />
  );
  const time = (id: string, label: string, key: 'startsAt' | 'endsAt') => (
    <Field
      id={id}
      label={label}
      type="datetime-local"
      step="1"
      value={v[key]}
      onInput={set(key)}
      disabled={locked}
      after={lockNote}
    />
  );
  return (
    <form class="card" onSubmit={(e) => void submit(e)} aria-label={sale ? 'Edit sale' : 'New sale'}>
      <Notice note={error} />
      <div class="grid">
        <LabelledControl id="s-product" label="Product">
          <select id="s-product" value={v.productId} onChange={set('productId')} disabled={sale !== null}>
            {products.map((p) => (
              <option value={p.id}>{p.name}</option>
            ))}
          </select>
        </LabelledControl>
        <Field id="s-title" label="Title" value={v.title} onInput={set('title')} />
        {numeric('s-price', 'Sale price (cents)', 'salePriceCents')}
        {numeric('s-stock', 'Stock', 'stock', true)}
        {numeric('s-limit', 'Limit per shopper', 'perUserLimit')}
        {time('s-start', 'Starts at (local time)', 'startsAt')}
        {time('s-end', 'Ends at (local time)', 'endsAt')}
        <LabelledControl id="s-strategy" label="Ordering strategy" after={lockNote}>
          <select id="s-strategy" value={v.strategy} onChange={set('strategy')} disabled={locked}>
            <option value="sync">sync (order written at once)</option>
            <option value="bucketed">bucketed (stock split in rows)</option>
            <option value="async">async (queued, ticket)</option>
          </select>
        </LabelledControl>
        {v.strategy === 'bucketed' && numeric('s-buckets', 'Buckets', 'bucketCount', true)}
        {numeric('s-timeout', 'Payment timeout (seconds)', 'paymentTimeoutSeconds')}
        <div class="field inline">
          <input
            id="s-captcha"
            type="checkbox"
            checked={v.captchaRequired}
            onChange={set('captchaRequired')}
          />
          <label for="s-captcha">Captcha required</label>
        </div>
        {v.captchaRequired && (
          <LabelledControl id="s-captcha-kind" label="Captcha kind">
            <select id="s-captcha-kind" value={v.captchaKind} onChange={set('captchaKind')}>
              <option value="pow">proof of work (the browser computes)</option>
              <option value="image">image (type the characters)</option>
            </select>
          </LabelledControl>
        )}
        {v.captchaRequired &&
          v.captchaKind === 'pow' &&
          numeric(
            's-captcha-difficulty',
            'Proof-of-work difficulty (1,000 to 5,000,000; a solver tries half on average)',
            'captchaDifficulty',
          )}
      </div>
      <div class="row" style={{ marginTop: '0.8rem' }}>
        <button class="primary" type="submit">
          Save sale
        </button>
        <button type="button" onClick={() => done()}>
          Cancel
        </button>
      </div>
    </form>
  );
}

// ---------- dashboard ----------

const OUTCOMES = ['accepted', 'soldOut', 'limitExceeded', 'rateLimited', 'other'] as const;
const COLORS: Record<(typeof OUTCOMES)[number], string> = {
  accepted: '#1b7f3b',
  soldOut: '#c2185b',
  limitExceeded: '#e69500',
  rateLimited: '#5b6470',
  other: '#1a73e8',
};
const WINDOW = 60;

interface Point {
  t: number;
  rates: Record<(typeof OUTCOMES)[number], number>;
  sold: number;
  reserved: number;
}

function Dashboard({ saleId }: { saleId: string }) {
  const [sale, setSale] = useState<AdminSale | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [points, setPoints] = useState<Point[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const previous = useRef<{ at: number; summary: Summary } | null>(null);

  useEffect(() => {
    api<AdminSale>(`/api/admin/flash-sales/${saleId}`).then(setSale, (e) => setError(message(e)));
  }, [saleId]);

  // The summary every second while the sale runs (every 5 s otherwise), backing off while the API struggles.
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    let failures = 0;
    const poll = async () => {
      try {
        const s = await api<Summary>(`/api/admin/flash-sales/${saleId}/summary`);
        if (stopped) return;
        const at = performance.now();
        const prev = previous.current;
        if (prev) {
          const seconds = Math.max(0.001, (at - prev.at) / 1000);
          const rates = Object.fromEntries(
            OUTCOMES.map((o) => [o, Math.max(0, (s.attempts[o] - prev.summary.attempts[o]) / seconds)]),
          ) as Point['rates'];
          setPoints((ps) => [
            ...ps.slice(-(WINDOW - 1)),
            { t: at, rates, sold: s.sold, reserved: s.reserved },
          ]);
        }
        previous.current = { at, summary: s };
        setSummary(s);
        setError(null);
        failures = 0;
      } catch (e) {
        failures++;
        if (!stopped) setError(message(e));
      }
      const running = sale
        ? statusOf(sale) === 'active' || Date.parse(sale.startsAt) - serverClock.now() < 10000
        : true;
      const next = failures ? Math.min(30000, 1000 * 2 ** failures) : running ? 1000 : 5000;
      if (!stopped) timer = setTimeout(() => void poll(), next);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [saleId, sale]);

  const reconcile = async () => {
    try {
      const s = await api<Summary>(`/api/admin/flash-sales/${saleId}/reconcile`, { method: 'POST' });
      setSummary(s);
      setNote(s.consistent ? 'Reconciled: everything agrees.' : 'Reconciled, but drift remains.');
    } catch (e) {
      setNote(message(e));
    }
  };

  if (!summary) return <p aria-busy="true">{error ?? 'Loading the dashboard…'}</p>;
  const last = points[points.length - 1];
  const now = serverClock.now();
  return (
    <>
      <h1>Dashboard: {sale?.title ?? `sale #${saleId}`}</h1>
      {sale && (
        <p class="muted">
          <span class={`badge ${statusOf(sale)}`}>{statusOf(sale)}</span> {sale.strategy}
          {statusOf(sale) === 'upcoming' &&
            !Number.isNaN(now) &&
            ` · opens in ${duration(Date.parse(sale.startsAt) - now)}`}
        </p>
      )}
      {error && <p class="notice bad">{error}</p>}
      <div class="grid">
        <Stat label="Sold" value={summary.sold} testId="sold">
          <div class="muted">of {summary.stock}</div>
        </Stat>
        <Stat label="Reserved (awaiting payment)" value={summary.reserved} testId="reserved" />
        <Stat label="Available" value={summary.available} testId="available" />
        <Stat label="Buyers · revenue" value={summary.buyers}>
          <div>{money(summary.revenueCents)}</div>
        </Stat>
        <Stat label="Order queue depth" value={summary.queueDepth ?? '–'} testId="queue-depth" />
        <div class="card">
          <div class="muted">Consistency</div>
          <div
            class="stat"
            data-testid="consistent"
            style={{ color: summary.consistent ? 'var(--ok)' : 'var(--bad)' }}
          >
            {summary.consistent ? 'OK' : 'Drift'}
          </div>
          {summary.drift && summary.drift.length > 0 && (
            <ul class="error">
              {summary.drift.map((d) => (
                <li>{d}</li>
              ))}
            </ul>
          )}
          <button onClick={() => void reconcile()}>Reconcile</button>
          {note && <div role="status">{note}</div>}
        </div>
      </div>
      <h2>Units</h2>
      <StockBar summary={summary} />
      <h2>Attempts per second</h2>
      <p class="row" aria-label="Legend">
        {OUTCOMES.map((o) => (
          <span>
            <span aria-hidden="true" style={{ color: COLORS[o] }}>
              ■
            </span>{' '}
            {o} {last ? last.rates[o].toFixed(0) : 0}/s
          </span>
        ))}
      </p>
      <RateChart points={points} />
      <h2>Orders</h2>
      <p>
        pending payment {summary.orders.pendingPayment} · paid {summary.orders.paid} · cancelled{' '}
        {summary.orders.cancelled} · expired {summary.orders.expired}
      </p>
    </>
  );
}

function StockBar({ summary }: { summary: Summary }) {
  const total = Math.max(1, summary.stock);
  const parts = [
    { label: 'sold', value: summary.sold, color: '#1b7f3b' },
    { label: 'reserved', value: summary.reserved, color: '#e69500' },
    { label: 'available', value: summary.available, color: '#d9dde3' },
  ];
  let x = 0;
  return (
    <svg
      class="chart"
      viewBox="0 0 600 40"
      role="img"
      aria-label={`Sold ${summary.sold}, reserved ${summary.reserved}, available ${summary.available} of ${summary.stock}`}
    >
      {parts.map((p) => {
        const w = (600 * p.value) / total;
        const rect = <rect x={x} y={0} width={w} height={40} fill={p.color} />;
        x += w;
        return rect;
      })}
    </svg>
  );
}

function RateChart({ points }: { points: Point[] }) {
  const width = 600;
  const height = 160;
  const max = Math.max(1, ...points.flatMap((p) => OUTCOMES.map((o) => p.rates[o])));
  const xOf = (i: number) => (width * i) / (WINDOW - 1);
  const yOf = (v: number) => height - 4 - ((height - 8) * v) / max;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Attempts per second over the last ${WINDOW} seconds, peak ${max.toFixed(0)}`}
    >
      <text x={4} y={14} font-size="11" fill="#5b6470">
        {max.toFixed(0)}/s
      </text>
      <line x1={0} x2={width} y1={height - 4} y2={height - 4} stroke="#d9dde3" />
      {OUTCOMES.map((o) => (
        <polyline
          fill="none"
          stroke={COLORS[o]}
          stroke-width="2"
          points={points
            .map((p, i) => `${xOf(i + WINDOW - points.length).toFixed(1)},${yOf(p.rates[o]).toFixed(1)}`)
            .join(' ')}
        />
      ))}
    </svg>
  );
}

// ---------- bans ----------

function Bans() {
  const ip = useInput('');
  const reason = useInput('');
  const ttl = useInput('3600');
  const [note, setNote] = useState<Note | null>(null);
  const [items, load] = useList<Ban>('/api/admin/ip-bans', (text) => setNote({ text, good: false }));
  const add = async (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = { ip: ip.value.trim() };
    if (reason.value) body.reason = reason.value;
    if (ttl.value) body.ttlSeconds = Number(ttl.value);
    try {
      await api('/api/admin/ip-bans', { method: 'POST', body });
      setNote({ text: `Banned ${ip.value}.`, good: true });
      ip.set('');
      reason.set('');
      load();
    } catch (err) {
      setNote({ text: message(err), good: false });
    }
  };
  const lift = async (ban: Ban) => {
    try {
      await api(`/api/admin/ip-bans/${encodeURIComponent(ban.ip)}`, { method: 'DELETE' });
      setNote({ text: `Lifted the ban on ${ban.ip}.`, good: true });
      load();
    } catch (err) {
      setNote({ text: message(err), good: false });
    }
  };
  return (
    <>
      <h1>IP bans</h1>
      <Notice note={note} />
      <form class="card" onSubmit={(e) => void add(e)} aria-label="Ban an address">
        <div class="grid">
          <Field
            id="b-ip"
            label="Address or CIDR range"
            placeholder="203.0.113.7 or 203.0.113.0/24"
            {...ip.props}
          />
          <Field id="b-reason" label="Reason" {...reason.props} />
          <Field
            id="b-ttl"
            label="Duration (seconds; empty = until lifted)"
            inputMode="numeric"
            {...ttl.props}
          />
        </div>
        <p>
          <button class="primary" type="submit">
            Ban
          </button>
        </p>
      </form>
      <Table
        columns={['Address', 'Reason', 'Expires', 'Action']}
        rows={items}
        row={(b) => (
          <tr key={b.ip}>
            <td>{b.ip}</td>
            <td>{b.reason}</td>
            <td>{b.expiresAt ? new Date(b.expiresAt).toLocaleString() : 'never'}</td>
            <td>
              <button onClick={() => void lift(b)}>Lift</button>
            </td>
          </tr>
        )}
      />
    </>
  );
}

render(<Console />, document.getElementById('app')!);
