#!/usr/bin/env python3
"""Checks bank.jsonl: every line parses, has the fields, and every SQL runs on the raw files and returns what its
kind needs (number: one row of non-null numbers; date: one row whose first column is a YYYY-MM-DD date; rows: at
least one row).  Reports the counts by dataset, intent and split, and the sets of five or more wordings of one
question.  With --write it stores each computed answer as expect.value (numbers and rows as returned).
Exits non-zero on any problem.

    python3 Bio.Tests/AgentBank/check_bank.py [--write] [--markdown]
"""
import collections
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from duck import Duck  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BANK = os.path.join(HERE, "bank.jsonl")
KINDS = {"number", "date", "rows", "refuse", "words"}
FIELDS = {"id", "dataset", "today", "question", "intent", "expect", "split"}


def rnd(v):
    return round(v, 4) if isinstance(v, float) else v


def main():
    write = "--write" in sys.argv
    md = "--markdown" in sys.argv
    duck = Duck()
    items, problems = [], []
    with open(BANK, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as e:
                problems.append("line %d: %s" % (n, e))
    ids = collections.Counter(it.get("id") for it in items)
    for i, c in ids.items():
        if c > 1:
            problems.append("duplicate id %s" % i)
    today = {}
    cache = {}
    for it in items:
        miss = FIELDS - set(it)
        if miss:
            problems.append("%s: missing %s" % (it.get("id"), sorted(miss)))
            continue
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", it["today"]):
            problems.append("%s: bad today" % it["id"])
        if today.setdefault(it["dataset"], it["today"]) != it["today"]:
            problems.append("%s: today differs within %s" % (it["id"], it["dataset"]))
        if it["split"] not in ("dev", "held"):
            problems.append("%s: bad split" % it["id"])
        e = it["expect"]
        k = e.get("kind")
        if k not in KINDS:
            problems.append("%s: bad kind %r" % (it["id"], k))
            continue
        if k == "refuse":
            if not e.get("names"):
                problems.append("%s: refuse without names" % it["id"])
            continue
        if k == "words":
            if not e.get("any"):
                problems.append("%s: words without any" % it["id"])
            continue
        if "sql" not in e:
            problems.append("%s: no sql" % it["id"])
            continue
        if k == "number" and ("unit" not in e or "tolerance" not in e):
            problems.append("%s: number needs unit and tolerance" % it["id"])
        sql = e["sql"]
        if re.search(r"current_date|now\(\)|today\(\)|current_timestamp", sql, re.I):
            problems.append("%s: SQL depends on the wall clock" % it["id"])
        try:
            rows = cache[sql] if sql in cache else duck.rows(sql)
            cache[sql] = rows
        except Exception as ex:  # noqa
            problems.append("%s: SQL error: %s" % (it["id"], str(ex).splitlines()[0]))
            continue
        if k == "number":
            if len(rows) != 1 or not rows[0] or any(not isinstance(v, (int, float)) for v in rows[0]):
                problems.append("%s: number SQL must give one row of non-null numbers, gave %r" % (it["id"], rows[:2]))
                continue
            value = [rnd(v) for v in rows[0]]
            value = value[0] if len(value) == 1 else value
        elif k == "date":
            if len(rows) != 1 or not isinstance(rows[0][0], str) or not re.fullmatch(r"\d{4}-\d\d-\d\d", rows[0][0]) \
                    or any(v is None for v in rows[0]):
                problems.append("%s: date SQL must give one row starting with a date, gave %r" % (it["id"], rows[:2]))
                continue
            value = [rnd(v) for v in rows[0]]
        else:
            if not rows:
                problems.append("%s: rows SQL gave no rows" % it["id"])
                continue
            value = [[rnd(v) for v in r] for r in rows]
        if write:
            e["value"] = value
        elif "value" in e and e["value"] != value:
            problems.append("%s: stored value %r differs from computed %r" % (it["id"], e["value"], value))
    if write and not problems:
        with open(BANK, "w", encoding="utf-8") as f:
            for it in items:
                f.write(json.dumps(it, ensure_ascii=False) + "\n")
    report(items, md)
    if problems:
        print("\nPROBLEMS (%d):" % len(problems))
        for p in problems:
            print("  " + p)
        sys.exit(1)
    print("\nOK: %d questions, every SQL checked" % len(items))


def report(items, md):
    by_ds = collections.Counter(it["dataset"] for it in items)
    by_intent = collections.Counter(it["intent"] for it in items)
    by_split = collections.Counter(it["split"] for it in items)
    by_kind = collections.Counter(it["expect"]["kind"] for it in items)
    ds_split = collections.Counter((it["dataset"], it["split"]) for it in items)
    in_split = collections.Counter((it["intent"], it["split"]) for it in items)
    same = collections.defaultdict(list)
    for it in items:
        e = it["expect"]
        key = (it["dataset"], it["intent"], e.get("sql") or json.dumps(e.get("names") or e.get("any")))
        same[key].append(it["id"])
    five = collections.Counter(k[1] for k, v in same.items() if len(v) >= 5)
    refusals = sum(1 for it in items if it["expect"]["kind"] == "refuse")
    if md:
        print("| dataset | questions | dev | held |\n|---|---|---|---|")
        for d in sorted(by_ds):
            print("| %s | %d | %d | %d |" % (d, by_ds[d], ds_split[(d, "dev")], ds_split[(d, "held")]))
        print("| **total** | **%d** | %d | %d |\n" % (len(items), by_split["dev"], by_split["held"]))
        print("| intent | questions | dev | held | sets of 5+ wordings |\n|---|---|---|---|---|")
        for i in sorted(by_intent):
            print("| %s | %d | %d | %d | %d |" % (i, by_intent[i], in_split[(i, "dev")], in_split[(i, "held")], five.get(i, 0)))
        print("\nkinds: " + ", ".join("%s %d" % kv for kv in sorted(by_kind.items())) + "; refusals: %d" % refusals)
        return
    print("questions: %d   kinds: %s   refusals: %d" % (len(items), dict(sorted(by_kind.items())), refusals))
    print("split: %s" % dict(by_split))
    print("\nby dataset (total dev held):")
    for d in sorted(by_ds):
        print("  %-18s %4d %4d %4d" % (d, by_ds[d], ds_split[(d, "dev")], ds_split[(d, "held")]))
    print("\nby intent (total dev held, sets of 5+ wordings):")
    for i in sorted(by_intent):
        print("  %-28s %4d %4d %4d   %d" % (i, by_intent[i], in_split[(i, "dev")], in_split[(i, "held")], five.get(i, 0)))


if __name__ == "__main__":
    main()
