-- Units going back: a failed write, a cancel, an expiry, an attempt self-repair found stranded.
-- KEYS[1] meta hash, KEYS[2] buyers hash, KEYS[3] attempts in flight, KEYS[4..] stock of each bucket the units
-- came from
-- ARGV[1] user id, ARGV[2] quantity, ARGV[3] '1' to restock the buckets, '0' to return only the user's units,
-- ARGV[4] the attempt id ('' for an order's units: MySQL's guarded close already made that happen once),
-- ARGV[5..] units per bucket key
-- Returns 1, 2 when the attempt was already settled (its order was written, or its units came back before:
-- nothing moves), or 0 when the gate is not loaded (warm-up will load it from MySQL, which has the units).
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
-- A gate loaded before attempts were listed (a deploy mid-sale) does not know its older attempts: those go back
-- unguarded, as they always did.
if ARGV[4] ~= '' and redis.call('HDEL', KEYS[3], ARGV[4]) == 0
    and redis.call('HGET', KEYS[1], 'tracksAttempts') == '1' then
  return 2
end
local quantity = tonumber(ARGV[2])
if ARGV[3] == '1' then
  for k = 4, #KEYS do redis.call('INCRBY', KEYS[k], tonumber(ARGV[1 + k])) end
end
if redis.call('HINCRBY', KEYS[2], ARGV[1], -quantity) <= 0 then redis.call('HDEL', KEYS[2], ARGV[1]) end
return 1
