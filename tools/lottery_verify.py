#!/usr/bin/env python3
"""Independent verifier of Junheng lottery audit packs (随机派位核验程序).

Standard library only. Re-implements, from the specification in the junheng-lottery crate
documentation (algorithms "junheng-lottery-draw/2" and the historical "junheng-lottery-draw/1"):
the canonical inputs and their digest, the seed, the SHA-256 counter-mode stream, Fisher–Yates,
the single tie-break and the three mechanisms, then re-runs the draw and compares the results
byte for byte. Version 2 packs name applicants by their 公示编号 only; version 1 packs (made
before) by their 报名号.

Usage:
    python3 lottery_verify.py PACK.json [--inputs PUBLISHED_INPUTS.json]
    python3 lottery_verify.py --key KEY_FILE --registration 报名号
    python3 lottery_verify.py --self-test

PACK.json is the audit pack written by the draw (JSON object with format, algorithm, engine,
title, mechanisms, inputs_digest, witnesses, seed, results_digest, results, inputs).
PUBLISHED_INPUTS.json is the inputs as published before the ceremony (canonical or not; it is
re-canonicalised). Prints 「核验通过」 and exits 0, or prints what differs and exits 1.
With the bureau's private key file (e.g. for a notary), --registration prints the 公示编号 and
回执校验码 of a 报名号 and the key's commitment, to compare with a receipt and the published list.
"""

import argparse
import hashlib
import hmac
import json
import sys

# Format tags per version: pack format -> (version, algorithm, inputs format, results format).
VERSIONS = {
    "junheng-lottery-audit/1": (1, "junheng-lottery-draw/1", "junheng-lottery-inputs/1", "junheng-lottery-results/1"),
    "junheng-lottery-audit/2": (2, "junheng-lottery-draw/2", "junheng-lottery-inputs/2", "junheng-lottery-results/2"),
}
INPUTS_FORMATS = {v[2]: v[0] for v in VERSIONS.values()}
RESULTS_FORMATS = {v[0]: v[3] for v in VERSIONS.values()}
MODES = ("single_school", "sequential", "deferred_acceptance")
WITNESS_TRIM = "\t\n\x0b\x0c\r \xa0\u3000"
# Version 2: the lottery key and its derivations (spec § Lottery key and 公示编号).
KEY_FILE_FORMAT = "junheng-lottery-key/2"
PUBLIC_CODE_TAG = b"junheng-lottery-public-code/2"
CHECK_CODE_TAG = b"junheng-lottery-receipt-check/2"
COMMITMENT_TAG = b"junheng-lottery-key-commitment/2"
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
HEX = "0123456789abcdef"


class Failure(Exception):
    """A verification failure, with a message in Chinese."""


def canonical_json(obj):
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- stream (spec § Stream)

class Stream:
    """block_i = SHA-256(seed || u64_be(i)); four big-endian u64 words per block."""

    def __init__(self, seed):
        self.seed, self.counter, self.words = seed, 0, []

    def next_u64(self):
        if not self.words:
            block = hashlib.sha256(self.seed + self.counter.to_bytes(8, "big")).digest()
            self.counter += 1
            self.words = [int.from_bytes(block[i:i + 8], "big") for i in (24, 16, 8, 0)]
        return self.words.pop()

    def uniform(self, n):
        limit = (1 << 64) - (1 << 64) % n
        while True:
            w = self.next_u64()
            if w < limit:
                return w % n

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.uniform(i + 1)
            items[i], items[j] = items[j], items[i]


def derive_seed(digest_hex, witnesses):
    if not witnesses:
        raise Failure("没有见证人输入值")
    data = digest_hex.encode("ascii")
    for position, w in enumerate(witnesses, 1):
        value = str(w.get("value", "")).strip(WITNESS_TRIM)
        if not value or any(c < " " or c == "\x7f" for c in value):
            raise Failure(f"第 {position} 位见证人的输入值为空或含有控制字符")
        data += b"\x00" + value.encode("utf-8")
    return hashlib.sha256(data).digest()


# ---------------------------------------------------------------- key (spec § Lottery key and 公示编号)

def _mac(key, tag, registration):
    return hmac.new(key, tag + b"\x00" + registration.encode("utf-8"), hashlib.sha256).digest()


def public_code(key, registration):
    bits = int.from_bytes(_mac(key, PUBLIC_CODE_TAG, registration)[:8], "big") >> 4
    return "".join(CODE_ALPHABET[(bits >> (5 * i)) & 31] for i in range(11, -1, -1))


def check_code(key, registration):
    return "%06d" % (int.from_bytes(_mac(key, CHECK_CODE_TAG, registration)[:8], "big") % 10 ** 6)


def key_commitment(key):
    return sha256_hex(COMMITMENT_TAG + b"\x00" + key)


def is_public_code(text):
    return isinstance(text, str) and len(text) == 12 and all(c in CODE_ALPHABET for c in text)


def read_key_file(data):
    """The key of a key file, which must be exactly what junheng lottery freeze writes."""
    head = (KEY_FILE_FORMAT + "\n").encode("ascii")
    digits = data[len(head):]
    if not data.startswith(head) or len(digits) != 65 or digits[64:] != b"\n" \
            or any(chr(b) not in HEX for b in digits[:64]):
        raise Failure(f"不是 junheng lottery freeze 写出的派位密钥文件（应为「{KEY_FILE_FORMAT}」一行和 64 位小写十六进制数字一行）")
    return bytes.fromhex(digits[:64].decode("ascii"))


# ---------------------------------------------------------------- inputs (spec § Canonical inputs)

def _record(raw, required, optional, what):
    if not isinstance(raw, dict):
        raise Failure(f"{what} 应为 JSON 对象")
    unknown = set(raw) - set(required) - set(optional)
    missing = [k for k in required if k not in raw]
    if unknown or missing:
        raise Failure(f"{what} 的字段有误：多余 {sorted(unknown)}，缺少 {missing}")
    out = {k: raw[k] for k in required}
    for k, default in optional.items():
        out[k] = raw.get(k, default)
    return out


def _is_int(x):
    return isinstance(x, int) and not isinstance(x, bool) and 0 <= x < 2 ** 32


def normalize_inputs(raw):
    """Fills defaults, checks field names and types, sorts as the canonical form requires."""
    top = _record(raw, ["zones", "schools", "applicants"],
                  {"title": "", "format": "junheng-lottery-inputs/1", "key_commitment": None}, "名单")
    version = INPUTS_FORMATS.get(top["format"])
    if version is None:
        raise Failure(f"名单格式为「{top['format']}」，应为 {' 或 '.join(INPUTS_FORMATS)}")
    if (version == 2) != (top["key_commitment"] is not None):
        raise Failure(f"名单格式「{top['format']}」与是否有 key_commitment（派位密钥承诺值）不符")
    zones = [_record(z, ["id", "mode"], {"name": ""}, "学区") for z in top["zones"]]
    schools = [_record(s, ["id", "zone", "capacity"], {"name": "", "quotas": []}, "学校")
               for s in top["schools"]]
    applicants = [_record(a, ["id", "zone", "tier", "preferences"], {"sibling": None, "category": None},
                          "报名记录") for a in top["applicants"]]
    if version == 2:
        # Checked before anything that could repeat an applicant's id in a message.
        commitment = top["key_commitment"]
        if not isinstance(commitment, str) or len(commitment) != 64 or any(c not in HEX for c in commitment):
            raise Failure("名单的派位密钥承诺值（key_commitment）应为 64 位小写十六进制数字")
        for a in applicants:
            if not is_public_code(a["id"]) or not (a["sibling"] is None or is_public_code(a["sibling"])):
                raise Failure("新格式名单中有报名者或同胞不是以公示编号（12 位数字和大写字母）标识")
    for s in schools:
        s["quotas"] = sorted((_record(q, ["category", "seats"], {}, "类别名额") for q in s["quotas"]),
                             key=lambda q: q["category"])
        if not _is_int(s["capacity"]) or not all(_is_int(q["seats"]) for q in s["quotas"]):
            raise Failure(f"学校 {s['id']} 的学位数应为非负整数")
    for a in applicants:
        if not _is_int(a["tier"]) or not isinstance(a["preferences"], list):
            raise Failure(f"报名记录 {a['id']} 的优先级或志愿格式有误")
    for z in zones:
        if z["mode"] not in MODES:
            raise Failure(f"学区 {z['id']} 的派位方式 {z['mode']} 未知")
    out = {
        "applicants": sorted(applicants, key=lambda a: a["id"]),
        "format": top["format"],
        "schools": sorted(schools, key=lambda s: s["id"]),
        "title": top["title"],
        "zones": sorted(zones, key=lambda z: z["id"]),
    }
    if version == 2:
        out["key_commitment"] = top["key_commitment"]
    return out


def validate(inp):
    """The checks that matter for drawing (the engine performs the full set before a draw)."""
    def text_ok(*texts):
        return all(isinstance(t, str) and not any(c < " " or c == "\x7f" for c in t) for t in texts)

    if not inp["applicants"]:
        raise Failure("报名名单为空")
    for kind, items in (("学区", inp["zones"]), ("学校", inp["schools"]), ("报名号", inp["applicants"])):
        ids = [x["id"] for x in items]
        if len(set(ids)) != len(ids) or not all(ids) or not text_ok(*ids):
            raise Failure(f"{kind}编号重复、为空或含有控制字符")
    zone_mode = {z["id"]: z["mode"] for z in inp["zones"]}
    school = {s["id"]: s for s in inp["schools"]}
    ids = {a["id"] for a in inp["applicants"]}
    for s in inp["schools"]:
        cats = [q["category"] for q in s["quotas"]]
        if s["zone"] not in zone_mode or s["capacity"] < 1 or len(set(cats)) != len(cats) \
                or any(q["seats"] < 1 for q in s["quotas"]) or sum(q["seats"] for q in s["quotas"]) > s["capacity"]:
            raise Failure(f"学校 {s['id']} 的学区、学位数或类别名额有误")
    if set(zone_mode) != {s["zone"] for s in inp["schools"]}:
        raise Failure("有学区没有任何学校")
    for a in inp["applicants"]:
        prefs = a["preferences"]
        if a["zone"] not in zone_mode or not prefs or len(set(prefs)) != len(prefs) \
                or any(p not in school or school[p]["zone"] != a["zone"] for p in prefs) \
                or (zone_mode[a["zone"]] == "single_school" and len(prefs) != 1) \
                or (a["sibling"] is not None and (a["sibling"] not in ids or a["sibling"] == a["id"])):
            raise Failure(f"报名号 {a['id']} 的学区、志愿或同胞有误")


# ---------------------------------------------------------------- the draw (spec § Tie-break, Mechanisms)

def draw(inp, seed):
    apps = inp["applicants"]                      # sorted by id
    n = len(apps)
    index = {a["id"]: i for i, a in enumerate(apps)}
    schools = {s["id"]: s for s in inp["schools"]}
    mode = {z["id"]: z["mode"] for z in inp["zones"]}
    quota = {(s["id"], q["category"]): q["seats"] for s in inp["schools"] for q in s["quotas"]}

    # Lottery units: connected components of sibling links, ordered by first member.
    parent = list(range(n))

    def root(x):
        while parent[x] != x:
            x = parent[x]
        return x
    for i, a in enumerate(apps):
        if a["sibling"] is not None:
            ri, rj = root(i), root(index[a["sibling"]])
            parent[max(ri, rj)] = min(ri, rj)
    units, unit_of_root = [], {}
    for i in range(n):
        r = root(i)
        if r not in unit_of_root:
            unit_of_root[r] = len(units)
            units.append([])
        units[unit_of_root[r]].append(i)
    Stream(seed).shuffle(units)
    rank = [0] * n
    position = 0
    for unit in units:
        for i in unit:
            rank[i] = position
            position += 1
    key = [(apps[i]["tier"], rank[i]) for i in range(n)]
    order = sorted(range(n), key=lambda i: key[i])
    prefs = [a["preferences"] for a in apps]
    cat = [a["category"] for a in apps]
    school_of, round_of, seat_of = [None] * n, [None] * n, [None] * n

    # 顺序志愿 (single_school is its one-round case).
    rem = {s: schools[s]["capacity"] for s in schools}
    rem_q = dict(quota)
    active = [i for i in order if mode[apps[i]["zone"]] != "deferred_acceptance"]
    k = 0
    while active:
        for i in active:                           # pass A: reserved seats
            s = prefs[i][k]
            if rem_q.get((s, cat[i]), 0) > 0 and rem[s] > 0:
                rem_q[(s, cat[i])] -= 1
                rem[s] -= 1
                school_of[i], round_of[i], seat_of[i] = s, k + 1, cat[i]
        nxt = []
        for i in active:                           # pass B: remaining seats
            if school_of[i] is not None:
                continue
            s = prefs[i][k]
            if rem[s] > 0:
                rem[s] -= 1
                school_of[i], round_of[i] = s, k + 1
            elif k + 1 < len(prefs[i]):
                nxt.append(i)
        active, k = nxt, k + 1

    # Deferred acceptance, textbook round form: all free applicants propose at once.
    def choose(s, candidates):
        chosen = {}
        for (school_id, c), seats in quota.items():
            if school_id == s:
                for i in sorted((i for i in candidates if cat[i] == c), key=lambda i: key[i])[:seats]:
                    chosen[i] = c
        free_seats = schools[s]["capacity"] - len(chosen)
        for i in sorted((i for i in candidates if i not in chosen), key=lambda i: key[i])[:free_seats]:
            chosen[i] = None
        return chosen
    next_pref = [0] * n
    held = {s: {} for s in schools}
    free = [i for i in range(n) if mode[apps[i]["zone"]] == "deferred_acceptance"]
    while free:
        proposals = {}
        for i in free:
            if next_pref[i] < len(prefs[i]):
                proposals.setdefault(prefs[i][next_pref[i]], []).append(i)
                next_pref[i] += 1
        free = []
        for s, proposers in proposals.items():
            candidates = list(held[s]) + proposers
            held[s] = choose(s, candidates)
            free += [i for i in candidates if i not in held[s]]
    for s, chosen in held.items():
        for i, c in chosen.items():
            school_of[i], round_of[i], seat_of[i] = s, next_pref[i], c

    # Results (spec § Results).
    admitted = {s: [] for s in schools}
    waitlist = {s: [] for s in schools}
    for i in order:
        if school_of[i] is not None:
            admitted[school_of[i]].append((round_of[i], i))
        for p, s in enumerate(prefs[i], 1):
            if s == school_of[i]:
                break
            waitlist[s].append((p, i))
    school_results = []
    for s in sorted(schools):
        m = mode[schools[s]["zone"]]
        adm = admitted[s] if m == "deferred_acceptance" else sorted(admitted[s], key=lambda x: x[0])
        wait = sorted(waitlist[s], key=lambda x: x[0]) if m == "sequential" else waitlist[s]
        school_results.append({
            "admitted": [apps[i]["id"] for _, i in adm],
            "capacity": schools[s]["capacity"],
            "id": s,
            "remaining": schools[s]["capacity"] - len(adm),
            "waitlist": [apps[i]["id"] for _, i in wait],
        })
    return {
        "applicants": [{"id": apps[i]["id"], "rank": rank[i] + 1, "round": round_of[i],
                        "school": school_of[i], "seat": seat_of[i]} for i in range(n)],
        "fallback": [apps[i]["id"] for i in order if school_of[i] is None],
        "schools": school_results,
    }


def canonical_results(results, version):
    return canonical_json({"applicants": results.get("applicants"), "fallback": results.get("fallback"),
                           "format": RESULTS_FORMATS[version], "schools": results.get("schools")})


def first_difference(expected, recorded, version):
    who = "公示编号" if version == 2 else "报名号"
    exp_apps, rec_apps = expected["applicants"], recorded.get("applicants") or []
    for e, r in zip(exp_apps, rec_apps):
        if e != r:
            return f"{who} {e['id']}：审计包记载 {json.dumps(r, ensure_ascii=False)}，重新派位为 {json.dumps(e, ensure_ascii=False)}"
    if len(exp_apps) != len(rec_apps):
        return f"审计包记载 {len(rec_apps)} 名报名者的结果，重新派位为 {len(exp_apps)} 名"
    for e, r in zip(expected["schools"], recorded.get("schools") or []):
        if e != r:
            return f"学校 {e['id']} 的录取或候补名单与重新派位不符"
    return "公办兜底名单或学校列表与重新派位不符"


# ---------------------------------------------------------------- verification

def verify(pack, published=None):
    """Returns a summary line or raises Failure."""
    if pack.get("format") not in VERSIONS:
        raise Failure(f"审计包格式为「{pack.get('format')}」，本核验程序只支持 {' 或 '.join(VERSIONS)}")
    version, algorithm, inputs_format, _ = VERSIONS[pack["format"]]
    if pack.get("algorithm") != algorithm:
        raise Failure(f"审计包算法版本为「{pack.get('algorithm')}」，应为「{algorithm}」（与格式「{pack['format']}」配套）")
    if not isinstance(pack.get("inputs"), dict) or pack["inputs"].get("format", "junheng-lottery-inputs/1") != inputs_format:
        raise Failure(f"审计包所附名单格式应为「{inputs_format}」（与格式「{pack['format']}」配套）")
    inp = normalize_inputs(pack.get("inputs"))
    digest = sha256_hex(canonical_json(inp))
    if digest != pack.get("inputs_digest"):
        raise Failure(f"报名名单摘要不符：审计包记载 {pack.get('inputs_digest')}，按所附名单重新计算为 {digest}")
    if published is not None:
        published_digest = sha256_hex(canonical_json(normalize_inputs(published)))
        if published_digest != digest:
            raise Failure(f"审计包所附名单（摘要 {digest}）与公示名单（摘要 {published_digest}）不一致")
    validate(inp)
    seed = derive_seed(digest, pack.get("witnesses") or [])
    if seed.hex() != pack.get("seed"):
        raise Failure(f"随机种子不符：按名单摘要和见证人输入值重新计算为 {seed.hex()}，审计包记载为 {pack.get('seed')}")
    mechanisms = [{"zone": z["id"], "mechanism": z["mode"] + "/1"} for z in inp["zones"]]
    if mechanisms != pack.get("mechanisms"):
        raise Failure("派位方式记载与名单规定不符")
    results = draw(inp, seed)
    recorded = pack.get("results") or {}
    if canonical_results(results, version) != canonical_results(recorded, version):
        raise Failure("派位结果不符：" + first_difference(results, recorded, version))
    results_digest = sha256_hex(canonical_results(results, version))
    if results_digest != pack.get("results_digest"):
        raise Failure(f"结果摘要不符：审计包记载 {pack.get('results_digest')}，重新派位结果的摘要为 {results_digest}")
    placed = sum(1 for a in results["applicants"] if a["school"] is not None)
    return (f"算法 {algorithm}\n名单摘要 {digest}\n随机种子 {seed.hex()}\n结果摘要 {results_digest}\n"
            f"报名 {len(results['applicants'])} 人，录取 {placed} 人，公办兜底 {len(results['fallback'])} 人")


# Pinned test vectors, shared with the Rust test suite (tests/it/vectors.rs).
SELF_TEST_SEED = hashlib.sha256(b"junheng-lottery test vector").digest()
SELF_TEST_WORDS = [0x0a9d0d5c2e0469fe, 0x519aa27072ebf1ee, 0x86a9e8adeb101a1f, 0xb249d485c9ed50dd,
                   0x1de946d32ad36cd7]
SELF_TEST_UNIFORM_10 = [6, 2, 1, 5, 9, 6, 1, 2, 4, 9]
# n = 2^63 + 1 rejects about half the words: exercises rejection sampling.
SELF_TEST_UNIFORM_BIG = [764782201283045886, 5880190867333706222, 2155331769444035799,
                         2312364635064307996, 5124742488462190361, 6630978293227943002]
SELF_TEST_SHUFFLE_10 = [2, 0, 5, 4, 1, 9, 3, 7, 8, 6]
# derive_seed(SHA-256("x") hex, [" 2718 ", "八二八一", "8459"])
SELF_TEST_DERIVED_SEED = "bc94aa149b82603a1606e1f6837439a9d08c083ac1c083246a5652df2170c72e"
# Key bytes 0, 1, … 31: its commitment and (报名号, 公示编号, 回执校验码) (Rust: key_vectors).
SELF_TEST_KEY = bytes(range(32))
SELF_TEST_COMMITMENT = "e4ac87b792fbf8e96af29a20bdfb6068db810f221417ab0a7eadfa677d0d0aa1"
SELF_TEST_CODES = [("2025000001", "M5E9ZQ10D3J5", "239609"), ("2025000002", "710VWFFFG2B9", "398024"),
                   ("报名-甲", "C5CEC1G4JBAD", "607771")]


def self_test():
    s = Stream(SELF_TEST_SEED)
    words = [s.next_u64() for _ in range(5)]
    s = Stream(SELF_TEST_SEED)
    uniform = [s.uniform(10) for _ in range(10)]
    s = Stream(SELF_TEST_SEED)
    uniform_big = [s.uniform((1 << 63) + 1) for _ in range(6)]
    items = list(range(10))
    Stream(SELF_TEST_SEED).shuffle(items)
    seed = derive_seed(sha256_hex(b"x"), [{"value": " 2718 "}, {"value": "八二八一"}, {"value": "8459"}]).hex()
    codes = [(r, public_code(SELF_TEST_KEY, r), check_code(SELF_TEST_KEY, r)) for r, _, _ in SELF_TEST_CODES]
    checks = [words == SELF_TEST_WORDS, uniform == SELF_TEST_UNIFORM_10, uniform_big == SELF_TEST_UNIFORM_BIG,
              items == SELF_TEST_SHUFFLE_10, seed == SELF_TEST_DERIVED_SEED,
              key_commitment(SELF_TEST_KEY) == SELF_TEST_COMMITMENT, codes == SELF_TEST_CODES]
    if all(checks):
        print("自检通过")
        return 0
    print(f"自检失败：{checks}")
    return 1


def receipt(key_path, registration):
    """Prints the 公示编号 and 回执校验码 of a 报名号 under a key file, and the key's commitment."""
    try:
        with open(key_path, "rb") as f:
            key = read_key_file(f.read())
    except Failure as e:
        print(f"核验失败：{e}")
        return 1
    except OSError as e:
        print(f"核验失败：无法读取密钥文件（{e}）")
        return 1
    print(f"公示编号 {public_code(key, registration)}")
    print(f"回执校验码 {check_code(key, registration)}")
    print(f"密钥承诺值 {key_commitment(key)}")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description="核验随机派位审计包（junheng-lottery-draw/2 及旧版 /1）")
    parser.add_argument("pack", nargs="?", help="审计包 JSON 文件")
    parser.add_argument("--inputs", help="派位前公示的报名名单 JSON 文件")
    parser.add_argument("--key", help="派位密钥文件（保密，仅供核对回执）")
    parser.add_argument("--registration", help="与 --key 一起：计算该报名号的公示编号和回执校验码")
    parser.add_argument("--self-test", action="store_true", help="只核对固定测试向量（随机数流、种子、公示编号）")
    args = parser.parse_args(argv)
    if args.self_test:
        return self_test()
    if args.key or args.registration:
        if not (args.key and args.registration) or args.pack:
            parser.error("--key 与 --registration 须一起使用，且不带审计包")
        return receipt(args.key, args.registration)
    if not args.pack:
        parser.error("需要审计包文件")
    try:
        with open(args.pack, encoding="utf-8") as f:
            pack = json.load(f)
        published = None
        if args.inputs:
            with open(args.inputs, encoding="utf-8") as f:
                published = json.load(f)
        if not isinstance(pack, dict):
            raise Failure("审计包应为 JSON 对象")
        summary = verify(pack, published)
    except Failure as e:
        print(f"核验失败：{e}")
        return 1
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        print(f"核验失败：无法读取或解析文件（{e}）")
        return 1
    print("核验通过")
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
