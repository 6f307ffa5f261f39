"""The password hasher: Argon2id with the parameters of RFC 9106's second recommended option.

Django's own ``Argon2PasswordHasher`` uses 100 MiB, 2 passes and 8 lanes. Argon2 allocates its
memory cost in the process that checks the password, so with Django's choice every login lifts
the peak memory of a web worker by 100 MB (bench/geheugen_bench.py: a worker that handled a
login peaked at 192 MB against ~104 MB resident after the same requests), more than the app
itself. RFC 9106 (section 4) recommends two parameter sets: 2 GiB with 1 pass where memory is
plentiful, and otherwise 64 MiB with 3 passes and 4 lanes. The second is also argon2-cffi's
default (``argon2.profiles.RFC_9106_LOW_MEMORY``) and costs about the same CPU time per hash as
Django's choice (64 MiB x 3 passes against 100 MiB x 2); it is well above OWASP's minimum for
Argon2id (19 MiB, 2 passes, 1 lane).

The algorithm name stays ``argon2``: hashes made with Django's parameters still verify, and
Django rehashes them with these at the next successful login (``must_update``).
"""

from __future__ import annotations

from argon2.profiles import RFC_9106_LOW_MEMORY
from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    time_cost = RFC_9106_LOW_MEMORY.time_cost  # 3
    memory_cost = RFC_9106_LOW_MEMORY.memory_cost  # 65536 KiB = 64 MiB
    parallelism = RFC_9106_LOW_MEMORY.parallelism  # 4
