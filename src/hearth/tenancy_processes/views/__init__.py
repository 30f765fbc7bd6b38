"""Pages of the tenancy processes: the rules for each kind of agreement (`rules`), the processes
that begin, change or end an agreement (`agreements`: sign-up, exchange, termination, the letter
and the senior officer's decision) and those reached from a rent account (`account`: review,
succession, joint tenants, assignment, change of name). The rent account page shows their buttons
and letters through the parts registered in `parts`."""
