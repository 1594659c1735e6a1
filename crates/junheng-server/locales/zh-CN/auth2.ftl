# Interface texts: logging in (password rules, refused logins), the identity service's refusals,
# the user's own account, packages received by the city.

## Logging in.
auth-password-changed = 密码已修改，请用新密码登录
auth-wrong-name-or-password = 用户名或密码不正确
auth-password-length = 密码应为 { $min } 到 { $max } 个字符（当前 { $n } 个）
auth-minutes-left = { $n } 分钟

## The identity service (统一身份认证): why a login is refused, and whom to ask.
sso-refusal-no-login = 您的身份信息中没有登录名（声明 { $claim }），本平台无法为您建立账户。
sso-refusal-no-role = 您的身份信息中没有本平台的角色（声明 { $claim }），无法确定您可以查看哪些数据。
sso-refusal-unmapped-role = 您的身份信息中的角色（声明 { $claim }：{ $values }）在本平台的角色对照表中都没有对应的角色。
sso-refusal-no-district = 您的身份信息中没有所属区县的代码（声明 { $claim }）。
sso-refusal-no-scope = { $what ->
    [region] 您的角色需要所属市或省的行政区划代码，但身份信息中没有（声明 { $claim }）。
    [group] 您的角色需要所负责的教育集团名称，但身份信息中没有（声明 { $claim }）。
    [zone] 您的角色需要所负责的学区名称，但身份信息中没有（声明 { $claim }）。
    [department] 您的角色需要所属责任部门的名称，但身份信息中没有（声明 { $claim }）。
    [class] 您的角色需要所任班级的名称，但身份信息中没有（声明 { $claim }）。
    [teacher] 您的角色需要您的教师编号，但身份信息中没有（声明 { $claim }）。
   *[school] 您的角色需要所在学校的学校标识码，但身份信息中没有（声明 { $claim }）。
}
sso-refusal-unknown-district = 您所属的区县（代码 { $code }）不在本平台服务的区县之中。
sso-refusal-which-district = 本平台服务多个区县，但统一身份认证没有提供您所属区县的代码。
sso-refusal-unknown-region = 本平台服务的区县中没有属于您所在市或省（代码 { $code }）的区县。
sso-refusal-not-accepted = 本平台无法按您的身份信息建立账户：{ $reason }。
sso-refusal-name-taken = 本平台已有用户名为「{ $name }」的另一个账户，不能再为您建立同名账户。
sso-refusal-inactive = 您在本平台的账户已被管理员停用。
sso-refusal-pending = 您的角色可以查看学生个人信息，须由本区县的平台管理员确认授权后才能登录；确认前不能登录。
sso-ask-platform = 请联系本区县教育局的平台管理员（本平台「用户」页面的管理员）核对后再登录。
sso-ask-identity = 请联系统一身份认证的管理员（所在单位的信息化负责人）在您的身份信息中补充或更正后再登录；如不清楚，可先联系本平台的管理员。
sso-failure-expired = 这次登录已过期，或不是从本浏览器发起的（例如重复打开了登录返回的网址）。
sso-failure-state = 登录返回的校验值与本浏览器发起的登录不符，已拒绝（可能是伪造或篡改的登录链接）。
sso-failure-issuer = 登录返回自另一个身份认证服务，已拒绝。
sso-failure-denied = 统一身份认证没有完成登录（{ $code }）。
sso-failure-unavailable = 暂时无法连接统一身份认证服务。
sso-failure-exchange = 统一身份认证拒绝了这次登录的授权码（已使用、已过期或无效）。
sso-failure-token = 统一身份认证返回的身份令牌未通过校验，已拒绝登录。
sso-ask-retry = 请返回登录页重新登录；如仍不能登录，请联系本区教育局的平台管理员。
sso-ask-later = 请稍后重试，或用本平台的用户名和密码登录；如持续无法访问，请联系本区教育局的平台管理员。

## 我的账户.
account-external-no-password = 您通过统一身份认证登录，本平台没有您的密码；如需修改密码，请在统一身份认证中修改。
account-passwords-differ = 两次输入的新密码不一致
account-current-password-wrong = 当前密码不正确

## Packages received by the city (数据上报).
packages-choose-file = 请选择区县上报的数据包文件（.jhpkg）
packages-received = 已接收 { $code } { $district } { $year } 第 { $sequence } 号数据包（密钥 { $key }）：学校 { $schools } 所，存为该学年统计数据第 { $version } 版
packages-refused = { $file }：未接收，未写入任何数据。{ $reason }（{ $code }）
