# Interface texts: auth.
auth-back-to-the-login = 返回登录页
auth-cannot-log-in-through = 无法通过统一身份认证登录
auth-ends-at-beijing-time = 自动解除时间（北京时间）
auth-log-in = 登录
auth-log-in-with-the = 统一身份认证登录
auth-login-name-at-the = 统一身份认证的登录名：
auth-login-paused = 登录已暂停
auth-password = 密码
auth-paused-login-name = 暂停的登录名
auth-paused-network-address = 暂停的网络地址
auth-the-network-address-you = 您当前所在的网络地址
auth-time-left = 剩余时间
auth-too-many-failed-logins = 登录失败次数过多，为防止密码被猜测，登录已暂时暂停。
auth-you-are-not-logged = 本次没有登录，也没有建立任何会话。
auth-you-can-log-in = 到时后可再次登录。如忘记密码，请联系管理员重置为一次性密码；管理员也可在「用户」页面提前解除锁定。
auth-error-no-sso = 本平台没有启用统一身份认证登录；请用本平台的用户名和密码登录
