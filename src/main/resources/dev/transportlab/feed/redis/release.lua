-- Gives the publisher's lease up if this instance holds it, so another one takes over at once.
-- KEYS: lease; ARGV: instance
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
