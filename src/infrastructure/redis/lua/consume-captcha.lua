-- Uses up one captcha challenge, atomically.
-- KEYS[1] the challenge (a hash: user, kind, answer); ARGV[1] the caller's user id.
-- Returns { kind, answer } (answer: the text of an image; the signed challenge, as JSON, of a proof of work), or
-- nil when the challenge is gone (used, expired, never issued) or belongs to another user; another user's
-- attempt leaves it in place, so nobody can burn someone else's challenge.
local user = redis.call('HGET', KEYS[1], 'user')
if not user or user ~= ARGV[1] then
  return nil
end
local fields = redis.call('HMGET', KEYS[1], 'kind', 'answer')
redis.call('DEL', KEYS[1])
return { fields[1] or 'image', fields[2] or '' }
