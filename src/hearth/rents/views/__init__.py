"""The rent pages, one module to a part of the rent office's work: the arrears list (`arrears`),
the account page and statement (`account`), actions on an account and opening one
(`account_actions`), payment files, suspense and recharges (`payments`), the debit run, free weeks
and approvals (`runs`), the annual rent change (`rent_change`), payment arrangements
(`arrangements`), service charges (`service_charges`) and the rent settings (`policy`). The tenancy
processes add their buttons and letters to the account page through `rents.page_parts`."""
