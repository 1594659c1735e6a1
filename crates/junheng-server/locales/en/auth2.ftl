# Interface texts: logging in (password rules, refused logins), the identity service's refusals,
# the user's own account, packages received by the city.

## Logging in.
auth-password-changed = Your password was changed. Log in with the new one.
auth-wrong-name-or-password = Wrong user name or password
auth-password-length = A password must have { $min } to { $max } characters (this one has { $n })
auth-minutes-left = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}

## The identity service: why a login is refused, and whom to ask.
sso-refusal-no-login = Your identity has no login name (claim { $claim }), so this platform cannot create an account for you.
sso-refusal-no-role = Your identity has no role of this platform (claim { $claim }), so what you may see cannot be decided.
sso-refusal-unmapped-role = None of the roles in your identity (claim { $claim }: { $values }) has a match in this platform's table of roles.
sso-refusal-no-district = Your identity has no code of your district (claim { $claim }).
sso-refusal-no-scope = { $what ->
    [region] Your role needs the administrative code of your city or province, but your identity has none (claim { $claim }).
    [group] Your role needs the name of the education group you lead, but your identity has none (claim { $claim }).
    [zone] Your role needs the name of the zone you lead, but your identity has none (claim { $claim }).
    [department] Your role needs the name of your department, but your identity has none (claim { $claim }).
    [class] Your role needs the name of the class you teach, but your identity has none (claim { $claim }).
    [teacher] Your role needs your teacher number, but your identity has none (claim { $claim }).
   *[school] Your role needs the identification code of your school, but your identity has none (claim { $claim }).
}
sso-refusal-unknown-district = Your district (code { $code }) is not among the districts this platform serves.
sso-refusal-which-district = This platform serves several districts, but the identity service did not give the code of yours.
sso-refusal-unknown-region = None of the districts this platform serves belongs to your city or province (code { $code }).
sso-refusal-not-accepted = This platform cannot create an account from your identity: { $reason }.
sso-refusal-name-taken = Another account on this platform already has the user name "{ $name }"; no second account of that name can be created for you.
sso-refusal-inactive = An administrator has deactivated your account on this platform.
sso-refusal-pending = Your role can see students' personal information: you can log in only once a platform administrator of your district has confirmed the grant.
sso-ask-platform = Please ask the platform administrator at your district's education bureau (the administrator of this platform's Users page) to check, then log in again.
sso-ask-identity = Please ask the administrator of the identity service (the IT officer of your organisation) to add or correct this in your identity, then log in again; if unsure, ask this platform's administrator first.
sso-failure-expired = This login has expired, or was not started from this browser (for example, the address the login came back to was opened twice).
sso-failure-state = The check value the login came back with does not match the login this browser started: refused (the login link may be forged or tampered with).
sso-failure-issuer = The login came back from another identity service: refused.
sso-failure-denied = The identity service did not complete the login ({ $code }).
sso-failure-unavailable = The identity service cannot be reached at the moment.
sso-failure-exchange = The identity service refused this login's authorization code (already used, expired or invalid).
sso-failure-token = The ID token from the identity service failed verification: the login was refused.
sso-ask-retry = Please go back to the login page and log in again; if that still fails, ask the platform administrator at your district's education bureau.
sso-ask-later = Please try again later, or log in with your user name and password of this platform; if the service stays unreachable, ask the platform administrator at your district's education bureau.

## My account.
account-external-no-password = You log in through the identity service: this platform has no password of yours. To change your password, change it at the identity service.
account-passwords-differ = The two new passwords differ
account-current-password-wrong = The current password is wrong

## Packages received by the city.
packages-choose-file = Choose a package file sent by a district (.jhpkg)
packages-received = Received package no. { $sequence } of { $code } { $district } for { $year } (key { $key }): { $schools ->
    [one] { $schools } school
   *[other] { $schools } schools
}, stored as version { $version } of that school year's statistics
packages-refused = { $file }: not received; nothing was written. { $reason } ({ $code })
