# Interface texts: auth.
auth-back-to-the-login = Back to the login page
auth-cannot-log-in-through = Cannot log in through the identity service
auth-ends-at-beijing-time = Ends at (Beijing time)
auth-log-in = Log in
auth-log-in-with-the = Log in with the city's identity service
auth-login-name-at-the = Login name at the identity service:{" "}
auth-login-paused = Login paused
auth-password = Password
auth-paused-login-name = Paused login name
auth-paused-network-address = Paused network address
auth-the-network-address-you = The network address you are using
auth-time-left = Time left
auth-too-many-failed-logins = Too many failed logins: to protect the password from guessing, logging in is paused for a while.
auth-you-are-not-logged = You are not logged in; no session was opened.
auth-you-can-log-in = You can log in again after that time. If you forgot your password, ask an administrator to reset it to a one-time password; an administrator can also end the lock earlier on the Users page.
auth-error-no-sso = Single sign-on is not enabled here; please log in with your user name and password
