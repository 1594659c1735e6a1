# Interface texts: inbox.
inbox-details = 内容
inbox-inbox = 待办
inbox-item = 事项
inbox-nothing-waits-for-you = 目前没有等待您处理的事项。
inbox-open = 去处理
inbox-pending-submission = 待审核的提交
inbox-locked-name = 被锁定的登录名
inbox-returned-submission = 被退回的提交
