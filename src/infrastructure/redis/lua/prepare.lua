-- Loads a sale's gate from MySQL's numbers.
-- KEYS[1] meta hash, KEYS[2] buyers hash, KEYS[3] attempts in flight, KEYS[4..] stock per bucket
-- ARGV[1] 'reset' (overwrite) or 'if-absent' (only when the gate is missing), ARGV[2] startsAt, ARGV[3] endsAt,
-- ARGV[4] per-user limit, ARGV[5] expire-at (epoch ms), ARGV[6..] available per bucket, then one argument with every
-- buyer as "<user id>:<units>," (one argument, not two per buyer: a large sale has tens of thousands of buyers, past
-- what a client may spread into one call).
-- Returns 1 when it loaded the gate, 0 when it left an existing one alone.
if ARGV[1] == 'if-absent' and redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local buckets = #KEYS - 3
-- Attempts in flight are forgotten with the old numbers: MySQL's numbers count their units as available, so
-- giving them back as well would count them twice.
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
for b = 0, buckets - 1 do
  redis.call('SET', KEYS[4 + b], ARGV[6 + b])
end
local batch = {}
for userId, units in string.gmatch(ARGV[6 + buckets] or '', '([^:,]+):([^:,]+),') do
  batch[#batch + 1] = userId
  batch[#batch + 1] = units
  if #batch == 2000 then
    redis.call('HSET', KEYS[2], unpack(batch))
    batch = {}
  end
end
if #batch > 0 then redis.call('HSET', KEYS[2], unpack(batch)) end
-- tracksAttempts: this gate lists its attempts in flight from the start, so a give-back of an attempt that is not
-- listed has already happened (give-back.lua).
redis.call('HSET', KEYS[1], 'startsAt', ARGV[2], 'endsAt', ARGV[3], 'perUserLimit', ARGV[4], 'buckets', buckets,
  'tracksAttempts', '1')
for k = 1, #KEYS do
  redis.call('PEXPIREAT', KEYS[k], ARGV[5])
end
return 1
