-- One attempt at the stock gate, atomically.
-- KEYS[1] meta hash, KEYS[2] buyers hash, KEYS[3..] stock per bucket (bucket b is KEYS[3 + b])
-- ARGV[1] user id, ARGV[2] quantity, ARGV[3] now (epoch ms), ARGV[4] home bucket
-- Returns the bucket the units came from (>= 0), or: -1 not prepared, -2 not started, -3 ended,
-- -4 over the user's limit, -5 sold out.
local meta = redis.call('HMGET', KEYS[1], 'startsAt', 'endsAt', 'perUserLimit')
if not meta[1] then return -1 end
local now = tonumber(ARGV[3])
if now < tonumber(meta[1]) then return -2 end
if now >= tonumber(meta[2]) then return -3 end

local quantity = tonumber(ARGV[2])
local held = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if held + quantity > tonumber(meta[3]) then return -4 end

-- The home bucket first, then the others in turn, so no unit is stranded while any bucket has stock.
local buckets = #KEYS - 2
local home = tonumber(ARGV[4])
for i = 0, buckets - 1 do
  local bucket = (home + i) % buckets
  local key = KEYS[3 + bucket]
  if tonumber(redis.call('GET', key) or '0') >= quantity then
    redis.call('DECRBY', key, quantity)
    redis.call('HINCRBY', KEYS[2], ARGV[1], quantity)
    return bucket
  end
end
return -5
