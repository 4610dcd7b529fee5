-- Attempts at one sale's stock gate, in the order given, each decided as if it ran alone: the attempts an API
-- process gathered in one turn of its event loop cost one call (and one round trip) instead of one each.
-- KEYS[1] meta hash, KEYS[2] buyers hash, KEYS[3] attempts in flight (hash), KEYS[4..] stock per bucket
-- (bucket b is KEYS[4 + b]).
-- ARGV: five per attempt: user id, quantity, now (epoch ms), home bucket, attempt id.
-- Returns one answer per attempt: { 0, bucket, units, bucket, units, ... } (where the units came from), or a
-- refusal: { -1 } not prepared, { -2 } not started, { -3 } ended, { -4 } over the user's limit, { -5, in flight }
-- sold out (nothing left; in flight: attempts whose units are taken and whose orders are not written yet, whose
-- units come back if their writes fail), { -6, left } fewer units left than asked for.
-- Refusals come in this order: nothing left is SOLD_OUT for everyone, the buyer who already holds units
-- included, which is what a process's in-memory sold-out mark answers too.
local attempts = #ARGV / 5
local answers = {}
local meta = redis.call('HMGET', KEYS[1], 'startsAt', 'endsAt', 'perUserLimit')
if not meta[1] then
  for a = 1, attempts do answers[a] = { -1 } end
  return answers
end
local startsAt, endsAt, limit = tonumber(meta[1]), tonumber(meta[2]), tonumber(meta[3])

local buckets = #KEYS - 3
local stock = redis.call('MGET', unpack(KEYS, 4))
local left = 0
for b = 1, buckets do
  stock[b] = tonumber(stock[b] or '0')
  if stock[b] > 0 then left = left + stock[b] end
end

-- The home bucket first, then the others in turn; one bucket when one holds enough, else as many as it takes,
-- so no unit is stranded while any bucket has stock.
local function take(home, quantity)
  for i = 0, buckets - 1 do
    local bucket = (home + i) % buckets
    if stock[bucket + 1] >= quantity then return { 0, bucket, quantity } end
  end
  local taken = { 0 }
  local needed = quantity
  for i = 0, buckets - 1 do
    local bucket = (home + i) % buckets
    local units = math.min(stock[bucket + 1], needed)
    if units > 0 then
      taken[#taken + 1] = bucket
      taken[#taken + 1] = units
      needed = needed - units
    end
    if needed == 0 then break end
  end
  return taken
end

local listed = false
local inFlight = nil
for a = 1, attempts do
  local base = (a - 1) * 5
  local user, quantity, now = ARGV[base + 1], tonumber(ARGV[base + 2]), tonumber(ARGV[base + 3])
  if now < startsAt then
    answers[a] = { -2 }
  elseif now >= endsAt then
    answers[a] = { -3 }
  elseif left <= 0 then
    inFlight = inFlight or redis.call('HLEN', KEYS[3])
    answers[a] = { -5, inFlight }
  else
    local held = tonumber(redis.call('HGET', KEYS[2], user) or '0')
    if held + quantity > limit then
      answers[a] = { -4 }
    elseif left < quantity then
      answers[a] = { -6, left }
    else
      local taken = take(tonumber(ARGV[base + 4]), quantity)
      local parts = {}
      for i = 2, #taken, 2 do
        redis.call('DECRBY', KEYS[4 + taken[i]], taken[i + 1])
        stock[taken[i] + 1] = stock[taken[i] + 1] - taken[i + 1]
        parts[#parts + 1] = taken[i] .. ':' .. taken[i + 1]
      end
      left = left - quantity
      redis.call('HINCRBY', KEYS[2], user, quantity)
      -- The attempt stays in flight until its order is written (or its units come back): self-repair gives
      -- back only attempts that stayed here too long with no order, and each at most once.
      redis.call('HSET', KEYS[3], ARGV[base + 5], user .. '|' .. quantity .. '|' .. ARGV[base + 3] .. '|' ..
        table.concat(parts, ','))
      listed = true
      answers[a] = taken
    end
  end
end
if listed then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then redis.call('PEXPIRE', KEYS[3], ttl) end
end
return answers
