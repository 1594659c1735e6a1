//! The English of the public page's lotteries, the web build, the ceremony, the notarial record
//! and the parents' lookup (see `crate::i18n`).

/// The English of a lottery interface text.
pub(crate) fn english(zh: &str) -> Option<&'static str> {
    Some(match zh {
        "由三张表建立派位" => "Build a lottery from the three tables",
        "上传学区表、学位计划表和报名表（模板见 junheng lottery template）。三张表全部无误时，名单以新生成的派位密钥冻结：报名号换成公示编号，名单摘要立即在公开页面公布；有任何问题则逐格列出，不保存任何内容。" => {
            "Upload the zone, seat plan and application tables (templates: junheng lottery template). When all three are free of problems, the list is frozen with a new lottery key: application numbers are replaced by publication codes and the list's digest is published on the public page at once. Any problem is listed cell by cell and nothing is saved."
        }
        "派位名称" => "Lottery title",
        "如：2026年小学一年级多校划片派位" => {
            "e.g. 2026 primary grade 1 multi-school lottery"
        }
        "学区表" => "Zone table",
        "学位计划表" => "Seat plan table",
        "报名表" => "Application table",
        "校验并冻结名单" => "Check and freeze the list",
        "上传已冻结的名单" => "Upload a frozen list",
        "只列出前 200 个问题。" => "Only the first 200 problems are listed.",
        "名单已冻结" => "List frozen",
        "名单摘要（SHA-256），已在公开页面公布：" => {
            "List digest (SHA-256), published on the public page:"
        }
        "打开派位现场页面" => "Open the ceremony screen",
        "查看公开页面" => "View the public page",
        "回执表列出报名号、公示编号和回执校验码，经学校逐户交给家庭（可打印成回执条），不得公开。用冻结时的同一份报名表生成：" => {
            "The receipts list application numbers, publication codes and receipt check codes; they go to each family through the school (printable as slips) and must not be published. Made from the same application table the list was frozen from:"
        }
        "下载回执表" => "Download the receipts",
        "回执表" => "Receipts",
        "公开材料" => "Published material",
        "派位后开放查询" => "Lookup opens after the draw",
        "每次派位前公布名单摘要（SHA-256）；派位后公布派位记录和审计包，任何人可复核。家长凭学校发放的回执条上的报名号和回执校验码查询孩子的结果。" => {
            "Each lottery's list digest (SHA-256) is published before the draw; its record and audit pack after it, for anyone to verify. Parents look up their child's outcome with the application number and receipt check code on the slip the school handed out."
        }
        "工作人员登录" => "Staff login",
        "离开派位现场页面" => "Leave the ceremony screen",
        "公示编号" => "Publication code",
        "随机号" => "Lottery number",
        "已录取：" => "Admitted: ",
        "请按学校通知办理入学手续。" => "Please enrol as the school's notice says.",
        "未被所填志愿学校录取" => "Not admitted to any school listed",
        "公办兜底：未派中的孩子由教育局统筹安排到有空余学位的公办学校就读，学校会另行通知，无需再次报名。" => {
            "Public-school fallback: a child not placed is assigned by the education bureau to a public school with free places; the school will notify you, no new application is needed."
        }
        "候补位置" => "Places on waitlists",
        "如该校有学位空出，按候补顺序依次递补，学校会通知被递补的家庭。" => {
            "If a place at that school frees up, it goes to the waitlist in order, and the school notifies the family concerned."
        }
        "派位时间（北京时间）" => "Drawn at (Beijing time)",
        "报名 / 派中 / 公办兜底" => "Applicants / placed / public-school fallback",
        "候补（按顺序，公示编号）" => "Waitlist (in order, publication codes)",
        "公办兜底（按顺序，公示编号）" => {
            "Public-school fallback (in order, publication codes)"
        }
        "无" => "None",
        _ => return None,
    })
}
