-- Counts one rate-limit violation of an address in a fixed window that opens with its first violation.
-- KEYS[1] the counter; ARGV[1] the window in seconds. Returns the count within the window.
local count = redis.call('INCR', KEYS[1])
if count == 1 or redis.call('TTL', KEYS[1]) < 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[1])
end
return count
