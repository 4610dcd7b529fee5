-- Uses up one captcha challenge, atomically.
-- KEYS[1] the challenge (a hash: user, answer); ARGV[1] the caller's user id.
-- Returns the expected answer, or nil when the challenge is gone (used, expired, never issued) or belongs to
-- another user; another user's attempt leaves it in place, so nobody can burn someone else's challenge.
local user = redis.call('HGET', KEYS[1], 'user')
if not user or user ~= ARGV[1] then
  return nil
end
local answer = redis.call('HGET', KEYS[1], 'answer')
redis.call('DEL', KEYS[1])
return answer
