"""Rate limits (giới hạn tần suất) whose counters every worker and server shares: in the
database by default, in Redis when ``CACHE_URL=redis://…``. See :mod:`motcua.limits.counters`
and, for whom a request comes from, :mod:`motcua.limits.addresses`."""
