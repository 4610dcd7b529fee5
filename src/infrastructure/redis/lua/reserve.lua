-- One attempt at the stock gate, atomically.
-- KEYS[1] meta hash, KEYS[2] buyers hash, KEYS[3] attempts in flight (hash), KEYS[4..] stock per bucket
-- (bucket b is KEYS[4 + b]).
-- ARGV[1] user id, ARGV[2] quantity, ARGV[3] now (epoch ms), ARGV[4] home bucket, ARGV[5] attempt id
-- Returns { 0, bucket, units, bucket, units, ... } (where the units came from), or a refusal: { -1 } not
-- prepared, { -2 } not started, { -3 } ended, { -4 } over the user's limit, { -5 } sold out (nothing left),
-- { -6, left } fewer units left than asked for.
-- Refusals come in this order: nothing left is SOLD_OUT for everyone, the buyer who already holds units
-- included, which is what a process's in-memory sold-out mark answers too.
local meta = redis.call('HMGET', KEYS[1], 'startsAt', 'endsAt', 'perUserLimit')
if not meta[1] then return { -1 } end
local now = tonumber(ARGV[3])
if now < tonumber(meta[1]) then return { -2 } end
if now >= tonumber(meta[2]) then return { -3 } end

local buckets = #KEYS - 3
local stock = redis.call('MGET', unpack(KEYS, 4))
local left = 0
for b = 1, buckets do
  stock[b] = tonumber(stock[b] or '0')
  if stock[b] > 0 then left = left + stock[b] end
end
if left <= 0 then return { -5 } end

local quantity = tonumber(ARGV[2])
local held = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if held + quantity > tonumber(meta[3]) then return { -4 } end
if left < quantity then return { -6, left } end

-- The home bucket first, then the others in turn; one bucket when one holds enough, else as many as it takes,
-- so no unit is stranded while any bucket has stock.
local home = tonumber(ARGV[4])
local taken = { 0 }
for i = 0, buckets - 1 do
  local bucket = (home + i) % buckets
  if stock[bucket + 1] >= quantity then
    taken = { 0, bucket, quantity }
    break
  end
end
if #taken == 1 then
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
end
local parts = {}
for i = 2, #taken, 2 do
  redis.call('DECRBY', KEYS[4 + taken[i]], taken[i + 1])
  parts[#parts + 1] = taken[i] .. ':' .. taken[i + 1]
end
redis.call('HINCRBY', KEYS[2], ARGV[1], quantity)
-- The attempt stays in flight until its order is written (or its units come back): self-repair gives back
-- only attempts that stayed here too long with no order, and each at most once.
redis.call('HSET', KEYS[3], ARGV[5], ARGV[1] .. '|' .. quantity .. '|' .. ARGV[3] .. '|' .. table.concat(parts, ','))
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then redis.call('PEXPIRE', KEYS[3], ttl) end
return taken
