-- Units going back: a failed write, a cancel, an expiry.
-- KEYS[1] meta hash, KEYS[2] buyers hash, KEYS[3] stock of the bucket
-- ARGV[1] user id, ARGV[2] quantity, ARGV[3] '1' to restock the bucket, '0' to return only the user's units
-- Returns 1, or 0 when the gate is not loaded (warm-up will load it from MySQL, which already has the units).
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local quantity = tonumber(ARGV[2])
if ARGV[3] == '1' then redis.call('INCRBY', KEYS[3], quantity) end
if redis.call('HINCRBY', KEYS[2], ARGV[1], -quantity) <= 0 then redis.call('HDEL', KEYS[2], ARGV[1]) end
return 1
