#!/usr/bin/env python3
"""Writes the AgentBank exports: real LifeSnaps physiology poured into the export formats of
/work/shared/docs/FORMATS.md (Oura trends 1a, Oura per-category 1b, WHOOP app export 2a,
Peloton 3, Garmin and Fitbit 5).  Standard library only, fixed seeds: re-running it rewrites the
same bytes.

    python3 Bio.Tests/AgentBank/make_exports.py            (from the repo root)

Which real person feeds which dataset (and the date shift, always a whole number of weeks so the
weekdays stay the person's own) is in PEOPLE below and in README.md.
"""
import csv
import datetime as dt
import io
import json
import math
import os
import random
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
LIFESNAPS = os.path.join(os.path.dirname(REPO), "shared", "data", "lifesnaps-dev")
if not os.path.isdir(LIFESNAPS):
    LIFESNAPS = "/work/shared/data/lifesnaps-dev"
OUT = os.path.join(HERE, "exports")

D = dt.date
T = dt.datetime
ONE = dt.timedelta(days=1)

# dataset -> (person, shift in weeks, first real date kept, last real date kept)
PEOPLE = {
    "oura-trends": ("person01", 0, D(2021, 7, 7), D(2022, 1, 22)),
    "oura-categories": ("person02", 104, D(2021, 7, 7), D(2022, 1, 22)),
    "whoop-a": ("person03", 156, D(2021, 10, 23), D(2022, 1, 19)),
    "whoop-b": ("person04", 104, D(2021, 10, 27), D(2022, 1, 22)),
    "garmin": ("person05", 208, D(2021, 10, 25), D(2022, 1, 22)),
    "fitbit": ("person09", 52, D(2021, 5, 24), D(2021, 8, 2)),
    "peloton": ("person07", -30, D(2021, 5, 24), D(2021, 7, 26)),  # heart rates only
}


def fnum(s):
    return float(s) if s not in ("", None) else None


def load_person(name, shift_weeks, first, last):
    rows = {}
    with open(os.path.join(LIFESNAPS, name + ".csv"), newline="") as f:
        for r in csv.DictReader(f):
            day = D.fromisoformat(r["date"])
            if day < first or day > last:
                continue
            hrv = fnum(r["hrv_rmssd_ms"])
            if hrv is not None and hrv <= 0:
                hrv = None  # a 0.0 ms night is a sensor artefact: no device reports it as HRV
            rows[day + dt.timedelta(weeks=shift_weeks)] = {
                "hrv": hrv,
                "rhr": fnum(r["resting_hr_bpm"]),
                "sleep": fnum(r["sleep_minutes"]),
                "eff": fnum(r["sleep_efficiency"]),
                "resp": fnum(r["respiratory_rate"]),
                "steps": fnum(r["steps"]),
                "kcal": fnum(r["total_kcal"]),
            }
    return dict(sorted(rows.items()))


def stats(rows, key):
    v = [r[key] for r in rows.values() if r[key] is not None]
    m = sum(v) / len(v)
    sd = math.sqrt(sum((x - m) ** 2 for x in v) / max(1, len(v) - 1)) or 1.0
    return m, sd


def z(r, key, st):
    return 0.0 if r[key] is None else (r[key] - st[key][0]) / st[key][1]


def clip(x, lo, hi):
    return max(lo, min(hi, x))


def person_stats(rows):
    return {k: stats(rows, k) for k in ("hrv", "rhr", "sleep", "eff", "resp", "steps", "kcal")}


def write(path, text, crlf=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    with open(path, "w", newline="", encoding="utf-8") as f:
        f.write(text)


def csv_text(header, rows, quote_minimal=True):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()


def plain_csv(header, rows):
    """No quoting at all (WHOOP): the caller makes sure no cell has a comma."""
    lines = [",".join(header)]
    for r in rows:
        cells = ["" if v is None else str(v) for v in r]
        assert not any("," in c for c in cells), cells
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"


def fmt_off(minutes):
    sign = "+" if minutes >= 0 else "-"
    m = abs(minutes)
    return "%s%02d:%02d" % (sign, m // 60, m % 60)


def g1(x):
    """Python-ish float text: 63.0, 68.62"""
    return repr(round(float(x), 2))


# --------------------------------------------------------------------------- Oura trends (1a)
def oura_trends():
    name, wk, a, b = PEOPLE["oura-trends"]
    rows = load_person(name, wk, a, b)
    st = person_stats(rows)
    rnd = random.Random("oura-trends")
    header = ("date, Sleep Score, Total Sleep Score, REM Sleep Score, Deep Sleep Score, Sleep Efficiency Score, "
              "Restfulness Score, Sleep Latency Score, Sleep Timin Score, Total Sleep Duration, Total Bedtime , "
              "Awake Time, REM Sleep Duration, Light Sleep Duration, Deep Sleep Duration, Restless Sleep, "
              "Sleep Efficiency, Sleep Latency, Sleep Timing, Bedtime Start, Bedtime End, "
              "Average Resting Heart Rate, Lowest Resting Heart Rate, Average HRV, Temperature Deviation (°C), "
              "Temperature Trend Deviation, Respiratory Rate, Activity Score, Stay Active Score, "
              "Move Every Hour Score, Meet Daily Targets Score, Training Frequency Score, Training Volume Score, "
              "Activity Burn, Total Burn, Steps, Equivalent Walking Distance, Inactive Time, Rest Time, "
              "Low Activity Time, Medium Activity Time, High Activity Time, Non-wear Time, Average MET, "
              "Long Periods of Inactivity, Readiness Score, Previous Night Score, Sleep Balance Score, "
              "Previous Day Activity Score, Activity Balance Score, Temperature Score, Resting Heart Rate Score, "
              "HRV Balance Score, Recovery Index Score")
    cols = [c.lstrip() for c in header.split(",")]
    cols = [c if c != "Total Bedtime " else "Total Bedtime " for c in cols]
    assert len(cols) == 54, len(cols)
    out = []
    temp_trend = 0.0
    prev_act = 70
    for day, r in rows.items():
        o = dict.fromkeys(cols, "")
        o["date"] = day.isoformat()
        # the offset changes with DST (US central) and a trip east
        if D(2021, 11, 19) <= day <= D(2021, 11, 27):
            off = -5 * 60 if day >= D(2021, 11, 7) else -4 * 60
        else:
            off = -5 * 60 if day < D(2021, 11, 7) else -6 * 60
        has_sleep = r["hrv"] is not None and r["sleep"] is not None
        temp = round(rnd.gauss(0.0, 0.18), 2)
        if D(2021, 12, 27) <= day <= D(2021, 12, 30):
            temp = round(0.6 + rnd.random() * 0.5, 2)  # a feverish few days
        temp_trend = round(0.7 * temp_trend + 0.3 * temp, 2)
        if has_sleep:
            tst = int(round(r["sleep"] * 60))
            eff = r["eff"] or 92.0
            bed = int(round(tst / (eff / 100.0)))
            awake = bed - tst
            deep = int(tst * clip(rnd.gauss(0.17, 0.03), 0.08, 0.28))
            rem = int(tst * clip(rnd.gauss(0.22, 0.03), 0.1, 0.32))
            light = tst - deep - rem
            end_local = T.combine(day, dt.time(6, 30)) + dt.timedelta(minutes=rnd.randint(-50, 80), seconds=rnd.randint(0, 59))
            start_local = end_local - dt.timedelta(seconds=bed)
            tz = dt.timezone(dt.timedelta(minutes=off))
            sscore = int(round(clip(40 + 32 * min(tst / 28800.0, 1.05) + 0.9 * (eff - 85) + rnd.gauss(0, 3), 35, 97)))
            o.update({
                "Sleep Score": sscore,
                "Total Sleep Score": int(clip(round(100 * min(tst / 28800.0, 1.0) + rnd.gauss(0, 2)), 20, 100)),
                "REM Sleep Score": int(clip(round(100 * rem / (tst * 0.22) * 0.9), 20, 100)),
                "Deep Sleep Score": int(clip(round(100 * deep / (tst * 0.17) * 0.9), 20, 100)),
                "Sleep Efficiency Score": int(clip(round(eff * 1.05 - 5), 20, 100)),
                "Restfulness Score": int(clip(round(rnd.gauss(72, 8)), 30, 99)),
                "Sleep Latency Score": int(clip(round(rnd.gauss(80, 10)), 30, 100)),
                "Sleep Timin Score": int(clip(round(rnd.gauss(85, 8)), 30, 100)),
                "Total Sleep Duration": tst,
                "Total Bedtime ": bed,
                "Awake Time": awake,
                "REM Sleep Duration": rem,
                "Light Sleep Duration": light,
                "Deep Sleep Duration": deep,
                "Restless Sleep": int(clip(round(rnd.gauss(30, 6)), 5, 60)),
                "Sleep Efficiency": int(round(eff)),
                "Sleep Latency": rnd.choice([300, 420, 540, 660, 780, 900, 1200]),
                "Sleep Timing": rnd.randint(0, 1800) if rnd.random() < 0.3 else "",
                "Bedtime Start": start_local.replace(tzinfo=tz).isoformat(),
                "Bedtime End": end_local.replace(tzinfo=tz).isoformat(),
                "Lowest Resting Heart Rate": g1(round(r["rhr"] - rnd.uniform(2.5, 6.0))) if r["rhr"] else "None",
                "Average Resting Heart Rate": round(r["rhr"] + rnd.uniform(1.0, 4.0), 2) if r["rhr"] else "None",
                "Average HRV": int(round(r["hrv"])),
                "Temperature Deviation (°C)": temp,
                "Temperature Trend Deviation": temp_trend,
                "Respiratory Rate": round(r["resp"], 3) if r["resp"] else "None",
            })
            ready = 72 + 9 * z(r, "hrv", st) - 7 * z(r, "rhr", st) + 4 * z(r, "sleep", st) - 20 * max(0, temp - 0.3) + rnd.gauss(0, 3)
            o["Readiness Score"] = int(round(clip(ready, 28, 99)))
            o["Previous Night Score"] = int(clip(round(sscore + rnd.gauss(0, 5)), 20, 100))
            o["Sleep Balance Score"] = int(clip(round(75 + 8 * z(r, "sleep", st) + rnd.gauss(0, 4)), 20, 100))
            o["Previous Day Activity Score"] = int(clip(prev_act, 20, 100))
            o["Activity Balance Score"] = int(clip(round(rnd.gauss(78, 8)), 20, 100))
            o["Temperature Score"] = int(clip(round(100 - 60 * max(0, abs(temp) - 0.2)), 20, 100))
            o["Resting Heart Rate Score"] = int(clip(round(80 - 10 * z(r, "rhr", st)), 10, 100))
            o["HRV Balance Score"] = int(clip(round(78 + 10 * z(r, "hrv", st)), 10, 100))
            o["Recovery Index Score"] = int(clip(round(rnd.gauss(85, 10)), 10, 100))
        else:
            # no sleep: the sleep columns are empty, some literally None
            for c in ("Sleep Score", "Average HRV", "Readiness Score", "Lowest Resting Heart Rate"):
                o[c] = "None" if rnd.random() < 0.5 else ""
        if r["steps"] is not None:
            steps = int(r["steps"])
            total = int(round(r["kcal"])) if r["kcal"] else ""
            act = int(round(steps * 0.045 + rnd.gauss(0, 25))) if steps else 0
            ascore = int(round(clip(45 + steps / 400.0 + rnd.gauss(0, 4), 20, 100)))
            prev_act = ascore
            o.update({
                "Activity Score": ascore,
                "Stay Active Score": int(clip(round(rnd.gauss(70, 12)), 10, 100)),
                "Move Every Hour Score": int(clip(round(rnd.gauss(80, 12)), 10, 100)),
                "Meet Daily Targets Score": int(clip(round(steps / 120), 10, 100)),
                "Training Frequency Score": int(clip(round(rnd.gauss(75, 15)), 10, 100)),
                "Training Volume Score": int(clip(round(rnd.gauss(80, 12)), 10, 100)),
                "Activity Burn": max(0, act),
                "Total Burn": total,
                "Steps": steps,
                "Equivalent Walking Distance": int(round(steps * 0.78)),
                "Inactive Time": rnd.randint(25000, 42000),
                "Rest Time": rnd.randint(24000, 34000),
                "Low Activity Time": rnd.randint(9000, 20000),
                "Medium Activity Time": int(steps * 0.25),
                "High Activity Time": rnd.choice([0, 0, 0, 120, 600, 1500]),
                "Non-wear Time": rnd.choice([0, 0, 0, 600, 3600]),
                "Average MET": rnd.choice([1.25, 1.3125, 1.375, 1.4375, 1.5, 1.53125, 1.59375, 1.625]),
                "Long Periods of Inactivity": rnd.randint(0, 5),
            })
        out.append(o)
    # the tail: a dozen days (with no sleep) pulled out of the body and appended out of order
    nosleep = [o for o in out if o["Total Sleep Duration"] == ""]
    tail = rnd.sample(nosleep, min(12, len(nosleep)))
    body = [o for o in out if o not in tail]
    rnd.shuffle(tail)
    text = ",".join(cols) + "\n" + "".join(",".join(str(o[c]) for c in cols) + "\n" for o in body + tail)
    write(os.path.join(OUT, "oura-trends", "oura_trends_2022-01-23.csv"), text, crlf=True)


# --------------------------------------------------------------------------- Oura per-category (1b)
def oura_categories():
    name, wk, a, b = PEOPLE["oura-categories"]
    rows = load_person(name, wk, a, b)
    st = person_stats(rows)
    rnd = random.Random("oura-categories")
    stamp = "2024-01-21T08-12-33"
    ready_rows, dsleep_rows, spo2_rows, sleep_rows = [], [], [], []
    temp_trend = 0.0
    for day, r in rows.items():
        if r["hrv"] is None or r["sleep"] is None:
            # no night measured: usually no row at all, sometimes a row of nulls
            if r["steps"] is not None and rnd.random() < 0.15:
                ready_rows.append([None, day.isoformat()] + [None] * 10)
            continue
        off = 120 if day <= D(2023, 10, 29) else 60  # CEST -> CET on 2023-10-29
        tz = dt.timezone(dt.timedelta(minutes=off))
        tst = int(round(r["sleep"] * 60))
        eff = r["eff"] or 90.0
        bed = int(round(tst / (eff / 100.0)))
        deep = int(tst * clip(rnd.gauss(0.16, 0.03), 0.06, 0.28))
        rem = int(tst * clip(rnd.gauss(0.21, 0.03), 0.1, 0.32))
        light = tst - deep - rem
        temp = round(rnd.gauss(0.0, 0.2), 2)
        if D(2023, 11, 20) <= day <= D(2023, 11, 23):
            temp = round(0.7 + rnd.random() * 0.4, 2)
        temp_trend = round(0.7 * temp_trend + 0.3 * temp, 2)
        contrib = {
            "activity_balance": int(clip(round(rnd.gauss(80, 9)), 1, 100)),
            "hrv_balance": int(clip(round(75 + 11 * z(r, "hrv", st)), 1, 100)),
            "previous_day_activity": int(clip(round(60 + (r["steps"] or 5000) / 300.0 + rnd.gauss(0, 5)), 1, 100)),
            "previous_night": None,
            "recovery_index": int(clip(round(rnd.gauss(82, 12)), 1, 100)),
            "resting_heart_rate": int(clip(round(82 - 9 * z(r, "rhr", st)), 1, 100)),
            "sleep_balance": int(clip(round(76 + 8 * z(r, "sleep", st)), 1, 100)),
            "body_temperature": int(clip(round(100 - 55 * max(0, abs(temp) - 0.2)), 1, 100)),
        }
        sscore = int(round(clip(38 + 33 * min(tst / 28800.0, 1.05) + 0.9 * (eff - 85) + rnd.gauss(0, 3), 30, 97)))
        contrib["previous_night"] = int(clip(round(sscore + rnd.gauss(0, 4)), 1, 100))
        ready = 71 + 9 * z(r, "hrv", st) - 7 * z(r, "rhr", st) + 4 * z(r, "sleep", st) - 20 * max(0, temp - 0.3) + rnd.gauss(0, 3)
        ready = int(round(clip(ready, 25, 99)))
        ready_rows.append([ready, day.isoformat(), temp, temp_trend, contrib["activity_balance"], contrib["hrv_balance"],
                           contrib["previous_day_activity"], contrib["previous_night"], contrib["recovery_index"],
                           contrib["resting_heart_rate"], contrib["sleep_balance"], contrib["body_temperature"]])
        sc = {
            "timing": int(clip(round(rnd.gauss(80, 12)), 1, 100)),
            "deep_sleep": int(clip(round(100 * deep / (tst * 0.16) * 0.9), 1, 100)),
            "restfulness": int(clip(round(rnd.gauss(70, 9)), 1, 100)),
            "efficiency": int(clip(round(eff * 1.05 - 5), 1, 100)),
            "latency": int(clip(round(rnd.gauss(78, 12)), 1, 100)),
            "rem_sleep": int(clip(round(100 * rem / (tst * 0.21) * 0.9), 1, 100)),
            "total_sleep": int(clip(round(100 * min(tst / 28800.0, 1.0)), 1, 100)),
        }
        dsleep_rows.append([sscore, day.isoformat(), sc["timing"], sc["deep_sleep"], sc["restfulness"], sc["efficiency"],
                            sc["latency"], sc["rem_sleep"], sc["total_sleep"]])
        spo2_rows.append([round(clip(rnd.gauss(96.8, 0.8), 93, 99.5), 3) if rnd.random() > 0.05 else None, day.isoformat()])
        # the long_sleep period
        end = T.combine(day, dt.time(7, 0)) + dt.timedelta(minutes=rnd.randint(-70, 90), seconds=rnd.randint(0, 59))
        start = end - dt.timedelta(seconds=bed)
        n5 = bed // 300
        hrv = int(round(r["hrv"]))
        low = int(round(r["rhr"] - rnd.uniform(1, 4))) if r["rhr"] else None
        avg_hr = round(r["rhr"] + rnd.uniform(2, 6), 3) if r["rhr"] else None
        hr5 = ";".join("None" if rnd.random() < 0.08 else str(int(round((low or 60) + abs(rnd.gauss(5, 4))))) for _ in range(n5))
        hrv5 = ";".join("None" if rnd.random() < 0.1 else str(int(round(max(5, rnd.gauss(hrv, hrv * 0.25))))) for _ in range(n5))
        phases = "".join(rnd.choice("1222233334") for _ in range(n5))
        mov = "".join(rnd.choice("1111223") for _ in range(bed // 30))
        mid = start + (end - start) / 2

        def delta(t):
            return int((t - T.combine(day, dt.time(0))).total_seconds())
        sleep_rows.append(dict(
            average_breath=round(r["resp"], 3) if r["resp"] else None, average_heart_rate=avg_hr, average_hrv=hrv,
            awake_time=bed - tst, bedtime_end=end.replace(tzinfo=tz).isoformat(timespec="milliseconds"),
            bedtime_start=start.replace(tzinfo=tz).isoformat(timespec="milliseconds"), day=day.isoformat(),
            deep_sleep_duration=deep, efficiency=int(round(eff)), latency=rnd.choice([240, 480, 600, 900, 1320]),
            light_sleep_duration=light, lowest_heart_rate=low, movement_30_sec=mov, period=0,
            rem_sleep_duration=rem, restless_periods=rnd.randint(120, 320), score=sscore,
            segment_state="active" if rnd.random() < 0.8 else "rewarded",
            sleep_midpoint=int((mid - start).total_seconds()), time_in_bed=bed, total_sleep_duration=tst,
            type="long_sleep", sleep_phase_5_min=phases, timezone=off, bedtime_start_delta=delta(start) - 86400,
            bedtime_end_delta=delta(end), midpoint_at_delta=delta(mid) if mid.date() == day else delta(mid) - 86400,
            heart_rate_5_min=hr5, hrv_5_min=hrv5,
            **{"contributors_" + k: v for k, v in sc.items()},
            **{"readiness_contributors_" + k: contrib[k] for k in sorted(contrib)},
            readiness_score=ready, readiness_temperature_deviation=temp, readiness_temperature_trend_deviation=temp_trend))
        # short extra periods: naps, rests and untyped fragments (never the night's value)
        u = rnd.random()
        if u < 0.12:
            ns = T.combine(day, dt.time(14, 0)) + dt.timedelta(minutes=rnd.randint(0, 120))
            dur = rnd.randint(15, 50) * 60
            sleep_rows.append(dict(day=day.isoformat(), type="late_nap" if u < 0.06 else "sleep",
                                   bedtime_start=ns.replace(tzinfo=tz).isoformat(timespec="milliseconds"),
                                   bedtime_end=(ns + dt.timedelta(seconds=dur + 300)).replace(tzinfo=tz).isoformat(timespec="milliseconds"),
                                   time_in_bed=dur + 300, total_sleep_duration=dur, timezone=off, period=1,
                                   segment_state="active"))
        elif u < 0.30:
            ns = start - dt.timedelta(minutes=rnd.randint(40, 90))
            dur = rnd.randint(5, 20) * 60
            sleep_rows.append(dict(day=day.isoformat(), type="" if u < 0.24 else "rest",
                                   bedtime_start=ns.replace(tzinfo=tz).isoformat(timespec="milliseconds"),
                                   bedtime_end=(ns + dt.timedelta(seconds=dur)).replace(tzinfo=tz).isoformat(timespec="milliseconds"),
                                   time_in_bed=dur, total_sleep_duration=int(dur * 0.6), timezone=off, period=1,
                                   segment_state="active"))
    base = os.path.join(OUT, "oura-categories")
    rh = ("score,day,temperature_deviation,temperature_trend_deviation,contributors_activity_balance,contributors_hrv_balance,"
          "contributors_previous_day_activity,contributors_previous_night,contributors_recovery_index,"
          "contributors_resting_heart_rate,contributors_sleep_balance,contributors_body_temperature").split(",")
    write(os.path.join(base, f"oura_daily-readiness_{stamp}.csv"), csv_text(rh, ready_rows), crlf=True)
    sh = ("score,day,contributors_timing,contributors_deep_sleep,contributors_restfulness,contributors_efficiency,"
          "contributors_latency,contributors_rem_sleep,contributors_total_sleep").split(",")
    write(os.path.join(base, f"oura_daily-sleep_{stamp}.csv"), csv_text(sh, dsleep_rows), crlf=True)
    write(os.path.join(base, f"oura_daily-spo2_{stamp}.csv"), csv_text(["spo2_percentage", "day"], spo2_rows), crlf=True)
    slh = ("average_breath,average_heart_rate,average_hrv,awake_time,bedtime_end,bedtime_start,day,deep_sleep_duration,"
           "efficiency,latency,light_sleep_duration,lowest_heart_rate,movement_30_sec,period,rem_sleep_duration,"
           "restless_periods,score,segment_state,sleep_midpoint,time_in_bed,total_sleep_duration,type,"
           "sleep_phase_5_min,timezone,bedtime_start_delta,bedtime_end_delta,midpoint_at_delta,heart_rate_5_min,"
           "hrv_5_min,contributors_deep_sleep,contributors_efficiency,contributors_latency,contributors_rem_sleep,"
           "contributors_restfulness,contributors_timing,contributors_total_sleep,"
           "readiness_contributors_activity_balance,readiness_contributors_body_temperature,"
           "readiness_contributors_hrv_balance,readiness_contributors_previous_day_activity,"
           "readiness_contributors_previous_night,readiness_contributors_recovery_index,"
           "readiness_contributors_resting_heart_rate,readiness_contributors_sleep_balance,readiness_score,"
           "readiness_temperature_deviation,readiness_temperature_trend_deviation").split(",")
    write(os.path.join(base, f"oura_sleep_{stamp}.csv"), csv_text(slh, [[s.get(c) for c in slh] for s in sleep_rows]), crlf=True)


# --------------------------------------------------------------------------- WHOOP (2a)
CYCLE_COLS = ["Cycle start time", "Cycle end time", "Cycle timezone"]
PHYS_COLS = ["Recovery score %", "Resting heart rate (bpm)", "Heart rate variability (ms)", "Skin temp (celsius)",
             "Blood oxygen %", "Day Strain", "Energy burned (cal)", "Max HR (bpm)", "Average HR (bpm)"]
SLEEP_COLS = ["Sleep onset", "Wake onset", "Sleep performance %", "Respiratory rate (rpm)", "Asleep duration (min)",
              "In bed duration (min)", "Light sleep duration (min)", "Deep (SWS) duration (min)", "REM duration (min)",
              "Awake duration (min)", "Sleep need (min)", "Sleep debt (min)", "Sleep efficiency %", "Sleep consistency %"]
WORK_COLS = ["Workout start time", "Workout end time", "Duration (min)", "Activity name", "Activity Strain",
             "Energy burned (cal)", "Max HR (bpm)", "Average HR (bpm)", "HR Zone 1 %", "HR Zone 2 %", "HR Zone 3 %",
             "HR Zone 4 %", "HR Zone 5 %", "GPS enabled", "Distance (meters)", "Altitude gain (meters)",
             "Altitude change (meters)"]
JOURNAL_COLS = ["Question text", "Answered yes", "Notes"]


def ts(t):
    return t.strftime("%Y-%m-%d %H:%M:%S")


def whoop(ds, tzfun, activities, seed_hour, zipdate, age_max):
    name, wk, a, b = PEOPLE[ds]
    rows = load_person(name, wk, a, b)
    st = person_stats(rows)
    rnd = random.Random(ds)
    nights = [d for d, r in rows.items() if r["hrv"] is not None]
    # one sleep-less cycle in a gap (as in a real export): we keep a gap day for it
    cycles = []
    debt = 0
    for i, day in enumerate(nights):
        r = rows[day]
        asleep = int(round(r["sleep"])) if r["sleep"] is not None else int(round(st["sleep"][0] + rnd.gauss(0, 30)))
        eff = r["eff"] if r["eff"] is not None else 90.0
        inbed = int(round(asleep / (eff / 100.0)))
        wake = T.combine(day, dt.time(seed_hour, 0)) + dt.timedelta(minutes=rnd.randint(-45, 75), seconds=0)
        onset = wake - dt.timedelta(minutes=inbed)
        if i == 0:
            onset = T.combine(onset.date() + ONE if onset.hour >= 12 else onset.date(), dt.time(0, 0))
            inbed = int((wake - onset).total_seconds() // 60)
            asleep = int(inbed * eff / 100)
        need = int(round(clip(470 + debt * 0.3 + rnd.gauss(0, 12), 420, 560)))
        perf = int(round(clip(100.0 * asleep / need, 30, 100)))
        debt = max(0, need - asleep) if asleep < need else 0
        deep = int(asleep * clip(rnd.gauss(0.2, 0.03), 0.1, 0.3))
        rem = int(asleep * clip(rnd.gauss(0.23, 0.03), 0.12, 0.33))
        light = asleep - deep - rem
        rec = 57 + 15 * z(r, "hrv", st) - 7 * z(r, "rhr", st) + 3 * (perf - 85) / 10.0 + rnd.gauss(0, 5)
        rec = int(round(clip(rec, 4, 99)))
        cycles.append(dict(day=day, onset=onset, wake=wake, r=r, asleep=asleep, inbed=inbed, need=need, perf=perf,
                           debt=debt, deep=deep, rem=rem, light=light, awake=inbed - asleep, rec=rec,
                           eff=int(round(100.0 * asleep / inbed)) if inbed else None,
                           cons=int(clip(round(rnd.gauss(72, 10)), 20, 99))))
    # build the rows newest first
    phys, sleeps, works, journal = [], [], [], []
    gap_done = False
    for i, c in enumerate(cycles):
        start = c["onset"]
        end = cycles[i + 1]["onset"] if i + 1 < len(cycles) else None
        tzs = "UTC" + fmt_off(tzfun(c["day"]))
        r = c["r"]
        # the cycle's day: workouts, strain and energy of the waking day
        steps = r["steps"] or st["steps"][0]
        day_works = []
        wrnd = rnd.random()
        if end is not None and wrnd < 0.55:
            act = rnd.choice(activities)
            w_start = T.combine(c["day"], dt.time(rnd.choice([7, 12, 17, 18]), rnd.choice([0, 15, 30, 45])))
            if w_start <= c["wake"]:
                w_start = c["wake"] + dt.timedelta(minutes=40)
            dur = int(clip(round(rnd.gauss(act[2], act[2] * 0.25)), 12, 180))
            avg_hr = int(round((r["rhr"] or st["rhr"][0]) + act[3] + rnd.gauss(0, 8)))
            max_hr = int(clip(avg_hr + rnd.randint(15, 35), avg_hr + 5, age_max))
            strain_w = round(clip(4 + dur / 12.0 * (act[3] / 70.0) + rnd.gauss(0, 1.2), 2.0, 19.5), 1)
            kcal_w = round(dur * act[4] * (1 + rnd.gauss(0, 0.12)), 1)
            zones = [rnd.random() for _ in range(5)]
            zones[2 + (act[3] > 70)] += 1.5
            tot = sum(zones)
            zp = [int(round(100 * q / tot)) for q in zones]
            zp[0] += 100 - sum(zp)
            gps = act[5]
            dist = int(round(dur * act[6] * (1 + rnd.gauss(0, 0.08)))) if gps else None
            day_works.append([ts(w_start), ts(w_start + dt.timedelta(minutes=dur)), dur, act[0], strain_w, "%.1f" % kcal_w,
                              max_hr, avg_hr] + zp + ["true" if gps else "false", dist,
                                                      rnd.randint(5, 120) if gps else None, rnd.randint(-10, 10) if gps else None])
        strain = None if end is None else round(clip(3.5 + 2.2 * math.log(1 + steps / 1000.0) + sum(w[4] for w in day_works) * 0.5 + rnd.gauss(0, 1), 2, 20.9), 1)
        kcal = None if end is None else int(round(r["kcal"] if r["kcal"] else st["kcal"][0]))
        maxhr = None if end is None else int(clip(round((r["rhr"] or 60) + 70 + rnd.gauss(0, 12) + (25 if day_works else 0)), 100, age_max))
        avghr = None if end is None else int(round((r["rhr"] or 60) + 12 + rnd.gauss(0, 3)))
        skin = round(clip(rnd.gauss(33.6, 0.3), 32.5, 35.0), 2)
        spo2 = round(clip(rnd.gauss(96.3, 0.9), 92.0, 99.5), 1)
        sleep_part = [ts(c["onset"]), ts(c["wake"]), c["perf"], round(r["resp"], 1) if r["resp"] else None, c["asleep"],
                      c["inbed"], c["light"], c["deep"], c["rem"], c["awake"], c["need"], c["debt"], c["eff"], c["cons"]]
        phys.append([ts(start), ts(end) if end else "", tzs, c["rec"], int(round(r["rhr"])) if r["rhr"] else None,
                     int(round(r["hrv"])), skin, spo2, strain, kcal, maxhr, avghr] + sleep_part)
        sleeps.append([ts(start), ts(end) if end else "", tzs] + sleep_part + ["false"])
        if end is not None and rnd.random() < 0.1:
            ns = T.combine(c["day"], dt.time(14, rnd.randint(0, 50)))
            nd = rnd.randint(20, 55)
            sleeps.append([ts(start), ts(end), tzs, ts(ns), ts(ns + dt.timedelta(minutes=nd + 4)), None, None, nd, nd + 4,
                           int(nd * 0.7), int(nd * 0.1), nd - int(nd * 0.7) - int(nd * 0.1), 4, None, None,
                           int(round(100.0 * nd / (nd + 4))), None, "true"])
        for w in day_works:
            works.append([ts(start), ts(end), tzs] + w)
        # journal: alcohol tracks the real low-HRV nights, so the effect in the data is real
        lowz = z(r, "hrv", st)
        alcohol = rnd.random() < (0.45 if lowz < -0.6 else 0.12)
        caffeine = rnd.random() < 0.75
        sick = (r["resp"] is not None and r["resp"] > st["resp"][0] + 1.5 * st["resp"][1]) or rnd.random() < 0.02
        read = rnd.random() < 0.4
        if rnd.random() < 0.85:
            journal.append([ts(start), ts(end) if end else "", tzs, "Have any alcoholic drinks?", "true" if alcohol else "false",
                            rnd.choice(["two glasses of wine", "a beer with dinner", "cocktails at a party"]) if alcohol and rnd.random() < 0.4 else ""])
            journal.append([ts(start), ts(end) if end else "", tzs, "Have any caffeine? ", "true" if caffeine else "false",
                            "coffee after 2pm" if caffeine and rnd.random() < 0.1 else ""])
            journal.append([ts(start), ts(end) if end else "", tzs, "Feeling sick or ill?", "true" if sick else "false",
                            "sore throat" if sick and rnd.random() < 0.5 else ""])
            journal.append([ts(start), ts(end) if end else "", tzs, "Read (non-screen device) while in bed?",
                            "true" if read else "false", ""])
        # one cycle with no recovery or sleep, in the first long gap
        if not gap_done and end is not None and (cycles[i + 1]["day"] - c["day"]).days >= 2:
            gap_done = True
            gs = T.combine(c["day"] + ONE, dt.time(12, 0))
            ge = cycles[i + 1]["onset"]
            phys[-1][1] = ts(gs)
            sleeps[-1][1] = ts(gs)
            for w in works:
                if w[0] == ts(start):
                    w[1] = ts(gs)
            for j in journal:
                if j[0] == ts(start):
                    j[1] = ts(gs)
            phys.append([ts(gs), ts(ge), "UTC" + fmt_off(tzfun(c["day"] + ONE)), None, None, None, None, None,
                         round(rnd.uniform(5, 8), 1), int(round(st["kcal"][0] * 0.8)), 121, 66] + [None] * 14)
    base = os.path.join(OUT, ds)
    files = {
        "physiological_cycles.csv": plain_csv(CYCLE_COLS + PHYS_COLS + SLEEP_COLS, phys[::-1]),
        "sleeps.csv": plain_csv(CYCLE_COLS + SLEEP_COLS + ["Nap"], sleeps[::-1]),
        "workouts.csv": plain_csv(CYCLE_COLS + WORK_COLS, works[::-1]),
        "journal_entries.csv": plain_csv(CYCLE_COLS + JOURNAL_COLS, journal[::-1]),
    }
    for fn, text in files.items():
        write(os.path.join(base, fn), text)
    folder = "my_whoop_data_" + zipdate
    zpath = os.path.join(base, folder + ".zip")
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as zf:
        for fn, text in files.items():
            y, m, dd = map(int, zipdate.split("_"))
            info = zipfile.ZipInfo(folder + "/" + fn, date_time=(y, m, dd, 9, 14, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))


def tz_whoop_a(day):
    # US Eastern, DST ends 2024-11-03; a trip to Lisbon/Paris (UTC+01:00) 2024-12-05 .. 2024-12-11
    if D(2024, 12, 5) <= day <= D(2024, 12, 11):
        return 60
    return -240 if day < D(2024, 11, 3) else -300


def tz_whoop_b(day):
    # US Pacific, DST ends 2023-11-05; a trip to Tokyo (UTC+09:00) 2023-12-27 .. 2024-01-03
    if D(2023, 12, 27) <= day <= D(2024, 1, 3):
        return 540
    return -420 if day < D(2023, 11, 5) else -480


# name, _, typical minutes, HR above rest, kcal/min, gps, meters/min
WHOOP_A_ACTS = [("Running", 0, 42, 85, 11.5, True, 165), ("Running", 0, 35, 88, 11.8, True, 170),
                ("Functional Fitness", 0, 45, 60, 8.5, False, 0), ("Cycling", 0, 60, 70, 9.5, True, 420),
                ("Walking", 0, 50, 30, 4.5, True, 85), ("Activity", 0, 30, 40, 5.5, False, 0),
                ("Weightlifting", 0, 55, 45, 6.0, False, 0)]
WHOOP_B_ACTS = [("Hiking/Rucking", 0, 95, 45, 7.5, True, 60), ("Running", 0, 38, 90, 12.0, True, 175),
                ("Disc Golf", 0, 70, 25, 4.0, True, 40), ("Yoga", 0, 50, 15, 3.5, False, 0),
                ("Spin", 0, 45, 75, 10.5, False, 0), ("Activity", 0, 30, 40, 5.0, False, 0),
                ("Tennis", 0, 65, 60, 8.0, False, 0)]


# --------------------------------------------------------------------------- Peloton (3)
def peloton():
    name, wk, a, b = PEOPLE["peloton"]
    hr = load_person(name, 0, a, b)
    rhrs = [r["rhr"] for r in hr.values() if r["rhr"]]
    rnd = random.Random("peloton")
    header = ["Workout Timestamp", "Live/On-Demand", "Instructor Name", "Length (minutes)", "Fitness Discipline", "Type",
              "Title", "Class Timestamp", "Total Output", "Avg. Watts", "Avg. Resistance", "Avg. Cadence (RPM)",
              "Avg. Speed (mph)", "Distance (mi)", "Calories Burned", "Avg. Heartrate", "Avg. Incline", "Avg. Pace (min/mi)"]
    cyc_instr = ["Cody Rigsby", "Jess King", "Matt Wilpers", "Denis Morton", "Alex Toussaint", "Emma Lovewell", "Hannah Frankson"]
    cyc_types = [("Music", "{m} min {x} Ride", ["80s", "Pop", "Hip Hop", "XOXO, Cody", "Disco"]),
                 ("Power Zone", "{m} min Power Zone {x} Ride", ["Endurance", "Max", ""]),
                 ("Intervals", "{m} min HIIT {x}Ride", ["", "& Hills "]),
                 ("Climb", "{m} min Climb Ride", [""]), ("Low Impact", "{m} min Low Impact Ride", [""])]
    others = [("Strength", ["Jess Sims", "Adrian Williams", "Andy Speer"], ["Upper Body", "Full Body", "Core"], [10, 20, 30]),
              ("Stretching", ["Ross Rayburn", "Jess Sims"], ["Full Body", "Post-Ride"], [5, 10]),
              ("Meditation", ["Ross Rayburn", "Chelsea Jackson Roberts"], ["Sleep", "Relaxation"], [5, 10]),
              ("Cardio", ["Jess Sims", "Adrian Williams"], ["HIIT Cardio", "Dance Cardio"], [15, 20, 30]),
              ("Bike Bootcamp", ["Jess King", "Matt Wilpers"], ["Bootcamp"], [30, 45])]
    day = D(2020, 9, 1)
    last = D(2021, 2, 26)
    rows = []
    aborted = 0
    while day <= last:
        p = 0.36 if day.weekday() < 5 else 0.5
        if rnd.random() < p:
            n = 1 if rnd.random() < 0.8 else 2
            t = T.combine(day, dt.time(rnd.choice([6, 6, 7, 12, 18, 19]), rnd.choice([0, 5, 15, 30, 45])))
            for k in range(n):
                rhr = rnd.choice(rhrs)
                if day.year == 2020:
                    tz = rnd.choice(["PST", "PST", "PST", "PDT"]) if day < D(2020, 11, 1) else "PST"
                else:
                    tz = "-08" if day < D(2021, 3, 14) else "-07"
                stamp = t.strftime("%Y-%m-%d %H:%M") + " (%s)" % tz
                if k == 0 and rnd.random() < 0.68:
                    # a ride
                    if rnd.random() < 0.07:
                        m = rnd.choice([3, 10, 20])
                        out = int(m * rnd.uniform(8, 11))
                        watts = int(out * 1000 / (m * 60))
                        title = ("3 min 36 sec Just Ride" if m == 3 else "%d min Just Ride" % m) if rnd.random() < 0.6 else "%d min Scenic Ride" % m
                        dist = round(m * rnd.uniform(0.28, 0.33), 2)
                        rows.append([stamp, "", "", m, "Cycling", "Just Ride" if "Just" in title else "Scenic", title, "",
                                     out, watts, "%d%%" % rnd.randint(33, 42), rnd.randint(70, 82), round(dist * 60 / m, 1), dist,
                                     int(out * 1.1), "", "", ""])
                    else:
                        ty, pat, xs = rnd.choice(cyc_types)
                        m = rnd.choice([20, 30, 30, 45, 45, 60])
                        instr = "Matt Wilpers" if ty == "Power Zone" and rnd.random() < 0.7 else rnd.choice(cyc_instr)
                        title = " ".join(pat.format(m=m, x=rnd.choice(xs)).split())
                        if ty == "Music" and "XOXO" in title:
                            instr = "Cody Rigsby"
                        live = rnd.random() < 0.25
                        cls = t if live else T.combine(day - dt.timedelta(days=rnd.randint(3, 400)), dt.time(rnd.choice([6, 7, 18, 19]), 0))
                        ctz = tz if live else ("PST" if cls.year == 2020 else ("-08" if cls.date() < D(2021, 3, 14) else "-07"))
                        if cls.year < 2020:
                            ctz = "PST"
                        watts = rnd.gauss(150 + (m - 20) * 0.3 + (day - D(2020, 9, 1)).days * 0.09, 15)
                        if ty == "Low Impact":
                            watts *= 0.7
                        if aborted < 2 and rnd.random() < 0.03:
                            out, watts_i, res, cad, spd, dist, kcal, ahr = 0, 0, "0%", 0, 0, 0, 0, ""
                            aborted += 1
                        else:
                            watts_i = int(round(watts))
                            out = int(round(watts * m * 60 / 1000))
                            res = "%d%%" % rnd.randint(38, 52)
                            cad = rnd.randint(76, 92)
                            spd = round(12 + watts / 17.0, 1)
                            dist = round(spd * m / 60.0, 2)
                            kcal = int(round(out * rnd.uniform(1.05, 1.25)))
                            ahr = round(rhr + 62 + (watts - 150) / 4.0 + rnd.gauss(0, 6), 2) if rnd.random() < 0.85 else ""
                        rows.append([stamp, "Live" if live else ("On Demand" if rnd.random() > 0.05 else ""), instr, m, "Cycling", ty,
                                     title, cls.strftime("%Y-%m-%d %H:%M") + " (%s)" % ctz, out, watts_i, res, cad, spd, dist,
                                     kcal, ahr, "", ""])
                else:
                    disc, instrs, types, lens = rnd.choice(others)
                    m = rnd.choice(lens)
                    ty = rnd.choice(types)
                    instr = rnd.choice(instrs)
                    title = "%d min %s %s" % (m, ty, {"Strength": "Strength", "Stretching": "Stretch", "Meditation": "Meditation",
                                                      "Cardio": "", "Bike Bootcamp": ""}[disc])
                    title = " ".join(title.split())
                    if disc == "Bike Bootcamp":
                        title = "%d min Bootcamp: Full Body" % m
                    live = rnd.random() < 0.15
                    cls = t if live else T.combine(day - dt.timedelta(days=rnd.randint(3, 300)), dt.time(8, 0))
                    ctz = tz if live else "PST"
                    kcal = int(round(m * {"Strength": 6.5, "Stretching": 2.5, "Meditation": 1.2, "Cardio": 9, "Bike Bootcamp": 9.5}[disc] * rnd.uniform(0.85, 1.15)))
                    ahr = round(rhr + {"Strength": 40, "Stretching": 12, "Meditation": 2, "Cardio": 60, "Bike Bootcamp": 58}[disc] + rnd.gauss(0, 5), 2) if rnd.random() < 0.8 else ""
                    if disc == "Bike Bootcamp":
                        out = int(round(m * 60 * 0.5 * rnd.gauss(140, 12) / 1000))
                        w = int(round(out * 1000 / (m * 60)))
                        rows.append([stamp, "Live" if live else "On Demand", instr, m, disc, ty, title,
                                     cls.strftime("%Y-%m-%d %H:%M") + " (%s)" % ctz, out, w, "%d%%" % rnd.randint(35, 45), rnd.randint(70, 85),
                                     round(12 + w / 17.0, 1), round((12 + w / 17.0) * m / 120.0, 2), kcal, ahr, "", ""])
                    else:
                        rows.append([stamp, "Live" if live else "On Demand", instr, m, disc, ty, title,
                                     cls.strftime("%Y-%m-%d %H:%M") + " (%s)" % ctz, "", "", "", "", "", "", kcal, ahr, "", ""])
                t = t + dt.timedelta(minutes=m + rnd.randint(2, 8))
        day += ONE
    write(os.path.join(OUT, "peloton", "peloton_workouts.csv"), csv_text(header, rows))


# --------------------------------------------------------------------------- Garmin (5)
def garmin():
    name, wk, a, b = PEOPLE["garmin"]
    rows = load_person(name, wk, a, b)
    rows = {d: r for d, r in rows.items() if any(v is not None for v in r.values())}
    st = person_stats(rows)
    rnd = random.Random("garmin")
    hrv_rows, rhr_rows, ss_rows, ds_rows, acts = [], [], [], [], []
    hist = []
    nohrv = set(rnd.sample([d for d, r in rows.items() if r["hrv"] is not None], 3))
    act_id = 20900000000
    for day, r in rows.items():
        off = 60  # Europe/Berlin-ish, CET (DST ended 2025-10-26)
        if day <= D(2025, 10, 25):
            off = 120
        has_night = r["hrv"] is not None and r["sleep"] is not None
        if has_night:
            tib = int(round(r["sleep"] / ((r["eff"] or 92) / 100.0)))
            end_l = T.combine(day, dt.time(6, 45)) + dt.timedelta(minutes=rnd.randint(-40, 70), seconds=rnd.randint(0, 59))
            start_l = end_l - dt.timedelta(minutes=tib)
            start_g, end_g = start_l - dt.timedelta(minutes=off), end_l - dt.timedelta(minutes=off)
            v = int(round(r["hrv"]))
            hist.append(v)
            week = int(round(sum(hist[-7:]) / len(hist[-7:])))
            base = sorted(hist[-20:])
            bl, bu = int(round(st["hrv"][0] - 0.6 * st["hrv"][1])), int(round(st["hrv"][0] + 0.6 * st["hrv"][1]))
            status = "BALANCED" if bl <= week <= bu else ("UNBALANCED" if week > bu else "LOW")
            readings = []
            t = start_g
            while t < end_g and len(readings) < 200:
                lt = t + dt.timedelta(minutes=off)
                readings.append({"hrvValue": int(max(8, round(rnd.gauss(v, v * 0.22)))),
                                 "readingTimeGMT": t.strftime("%Y-%m-%dT%H:%M:%S.0"),
                                 "readingTimeLocal": lt.strftime("%Y-%m-%dT%H:%M:%S.0")})
                t += dt.timedelta(minutes=5)
            last_avg = "" if day in nohrv else v
            hrv_rows.append([day.isoformat(), day.isoformat(), last_avg, week, "" if day in nohrv else max(x["hrvValue"] for x in readings),
                             status, "HRV_%s_%d" % (status, rnd.randint(1, 8)), int(bl * 0.8), bl, bu, round(rnd.random(), 2),
                             start_g.strftime("%Y-%m-%dT%H:%M:%S.0"), end_g.strftime("%Y-%m-%dT%H:%M:%S.0"),
                             start_l.strftime("%Y-%m-%dT%H:%M:%S.0"), end_l.strftime("%Y-%m-%dT%H:%M:%S.0"),
                             json.dumps(readings if day not in nohrv else [])])
            ss = int(round(clip(42 + 30 * min(r["sleep"] / 480.0, 1.05) + 0.8 * ((r["eff"] or 92) - 85) + 6 * z(r, "hrv", st) + rnd.gauss(0, 3), 25, 97)))
            q = "EXCELLENT" if ss >= 90 else "GOOD" if ss >= 80 else "FAIR" if ss >= 60 else "POOR"
            ss_rows.append([day.isoformat(), "{'value': %d, 'qualifierKey': '%s'}" % (ss, q),
                            "{'qualifierKey': '%s'}" % ("GOOD" if r["sleep"] >= 420 else "FAIR" if r["sleep"] >= 360 else "POOR"),
                            "{'qualifierKey': '%s'}" % rnd.choice(["GOOD", "GOOD", "FAIR", "EXCELLENT"]),
                            "{'value': %d, 'qualifierKey': '%s'}" % (int(clip(round(rnd.gauss(75, 12)), 10, 100)), rnd.choice(["GOOD", "FAIR"]))])
        if r["rhr"] is not None:
            rhr = int(round(r["rhr"]))
            rhr_rows.append([day.isoformat(), json.dumps([{"value": float(rhr), "calendarDate": day.isoformat()}])])
        else:
            rhr = None
            rhr_rows.append([day.isoformat(), "[]"])
        steps = int(r["steps"]) if r["steps"] is not None else None
        total = int(round(r["kcal"])) if r["kcal"] is not None else None
        bmr = int(round(st["kcal"][0] * 0.72))
        active = max(0, total - bmr) if total is not None else None
        mod = rnd.randint(0, 40)
        vig = 0
        # activities on some days
        if steps is not None and rnd.random() < 0.45:
            kind = rnd.choice([("running", "Morning Run", 2100, 3.0, 80), ("running", "Evening Run", 2700, 2.9, 78),
                               ("cycling", "Road Cycling", 4200, 7.2, 60), ("strength_training", "Strength", 2700, 0, 40),
                               ("walking", "Walk", 3000, 1.35, 25), ("lap_swimming", "Pool Swim", 1800, 0.7, 55)])
            dur = round(kind[2] * rnd.uniform(0.7, 1.35), 1)
            dist = round(dur * kind[3] * rnd.uniform(0.9, 1.1), 1) if kind[3] else ""
            ahr = int(round((rhr or st["rhr"][0]) + kind[4] + rnd.gauss(0, 7)))
            start_l = T.combine(day, dt.time(rnd.choice([7, 12, 17, 18]), rnd.choice([0, 10, 30, 45])))
            start_g = start_l - dt.timedelta(minutes=off)
            epoch = int((start_g - T(1970, 1, 1)).total_seconds() * 1000)
            kc = int(round(dur / 60 * (4 + kind[4] / 9)))
            act_id += rnd.randint(10000, 99999)
            acts.append([act_id, kind[1], start_l.strftime("%Y-%m-%d %H:%M:%S"), start_g.strftime("%Y-%m-%d %H:%M:%S"), epoch,
                         dur, dist, ahr, ahr + rnd.randint(12, 30), kc, round(dur / 60 * kind[4] / 20, 1),
                         round(clip(rnd.gauss(2.8, 0.7), 0.5, 5.0), 1), kind[0], 124, rnd.choice(["True", "False"]) if kind[3] else "False"])
            vig = int(dur / 60 * 0.5) if kind[4] >= 60 else 0
            mod += int(dur / 60 * 0.4)
        stress = int(clip(round(30 - 8 * z(r, "hrv", st) + rnd.gauss(0, 5)), 8, 80)) if r["hrv"] is not None else rnd.randint(20, 45)
        bb = int(clip(round(65 + 12 * z(r, "hrv", st) + rnd.gauss(0, 6)), 5, 100)) if r["hrv"] is not None else ""
        ds_rows.append([day.isoformat(), rhr, (rhr - rnd.randint(2, 6)) if rhr else "", rnd.randint(135, 178), steps, total, active, bmr,
                        stress, stress + rnd.randint(30, 55), bb, (bb + rnd.randint(0, 15)) if bb != "" else "", rnd.randint(5, 30),
                        int(round(r["sleep"] * 60)) if r["sleep"] is not None else "", mod, vig, rnd.randint(0, 25),
                        int(round(steps * 0.8)) if steps is not None else "", rnd.randint(30000, 50000),
                        int(round(8000 + (steps or 0) * 0.09))])
    base = os.path.join(OUT, "garmin")
    write(os.path.join(base, "hrv.csv"), csv_text(
        ["date", "hrvSummary_calendarDate", "hrvSummary_lastNightAvg", "hrvSummary_weeklyAvg", "hrvSummary_lastNight5MinHigh",
         "hrvSummary_status", "hrvSummary_feedbackPhrase", "hrvSummary_baseline_lowUpper", "hrvSummary_baseline_balancedLow",
         "hrvSummary_baseline_balancedUpper", "hrvSummary_baseline_markerValue", "sleepStartTimestampGMT", "sleepEndTimestampGMT",
         "sleepStartTimestampLocal", "sleepEndTimestampLocal", "hrvReadings"], hrv_rows))
    write(os.path.join(base, "resting_heart_rate.csv"), csv_text(["date", "allMetrics_metricsMap_WELLNESS_RESTING_HEART_RATE"], rhr_rows))
    write(os.path.join(base, "sleep_score.csv"), csv_text(["date", "overall", "totalDuration", "stress", "remPercentage"], ss_rows))
    write(os.path.join(base, "daily_summaries.csv"), csv_text(
        ["calendarDate", "restingHeartRate", "minHeartRate", "maxHeartRate", "totalSteps", "totalKilocalories", "activeKilocalories",
         "bmrKilocalories", "averageStressLevel", "maxStressLevel", "bodyBatteryAtWakeTime", "bodyBatteryHighestValue",
         "floorsAscended", "sleepingSeconds", "moderateIntensityMinutes", "vigorousIntensityMinutes", "floorsDescended",
         "totalDistanceMeters", "sedentarySeconds", "dailyStepGoal"], ds_rows))
    write(os.path.join(base, "activities.csv"), csv_text(
        ["activityId", "activityName", "startTimeLocal", "startTimeGMT", "beginTimestamp", "duration", "distance", "averageHR",
         "maxHR", "calories", "activityTrainingLoad", "aerobicTrainingEffect", "activityType_typeKey", "timeZoneId", "hasPolyline"],
        acts))


# --------------------------------------------------------------------------- Fitbit (5)
def fitbit():
    name, wk, a, b = PEOPLE["fitbit"]
    rows = load_person(name, wk, a, b)
    st = person_stats(rows)
    rnd = random.Random("fitbit")
    logs, scores, hrv = [], [], {}
    log_id = 38012000000
    act_rows = []
    for day, r in rows.items():
        if r["sleep"] is not None:
            asleep = int(round(r["sleep"]))
            eff = int(round(r["eff"] or 93))
            tib = int(round(asleep * 100.0 / eff))
            awake = tib - asleep
            end = T.combine(day, dt.time(7, 0)) + dt.timedelta(minutes=rnd.randint(-50, 80), seconds=rnd.choice([0, 30]))
            start = end - dt.timedelta(minutes=tib)
            deep = int(asleep * clip(rnd.gauss(0.15, 0.03), 0.05, 0.25))
            rem = int(asleep * clip(rnd.gauss(0.2, 0.03), 0.1, 0.3))
            light = asleep - deep - rem
            log_id += rnd.randint(900000, 1500000)
            logs.append({"logId": log_id, "dateOfSleep": day.isoformat(), "startTime": start.strftime("%Y-%m-%dT%H:%M:%S.000"),
                         "endTime": end.strftime("%Y-%m-%dT%H:%M:%S.000"), "duration": tib * 60000, "minutesToFallAsleep": 0,
                         "minutesAsleep": asleep, "minutesAwake": awake, "minutesAfterWakeup": rnd.choice([0, 0, 1, 2]),
                         "timeInBed": tib, "efficiency": eff, "type": "stages", "infoCode": 0, "logType": "auto_detected",
                         "mainSleep": True,
                         "levels": {"summary": {"deep": {"count": rnd.randint(3, 6), "minutes": deep, "thirtyDayAvgMinutes": rnd.randint(60, 80)},
                                                "wake": {"count": rnd.randint(20, 35), "minutes": awake, "thirtyDayAvgMinutes": rnd.randint(50, 70)},
                                                "light": {"count": rnd.randint(20, 35), "minutes": light, "thirtyDayAvgMinutes": rnd.randint(230, 270)},
                                                "rem": {"count": rnd.randint(4, 9), "minutes": rem, "thirtyDayAvgMinutes": rnd.randint(80, 100)}},
                                    "data": [{"dateTime": start.strftime("%Y-%m-%dT%H:%M:%S.000"), "level": "wake", "seconds": 30}],
                                    "shortData": []}})
            overall = int(round(clip(45 + 30 * min(asleep / 480.0, 1.05) + 0.7 * (eff - 85) + 4 * z(r, "hrv", st) + rnd.gauss(0, 3), 30, 97)))
            # US Eastern summer (EDT, UTC-04:00): a morning wake-up is the same UTC date
            wake_utc = end + dt.timedelta(hours=4)
            scores.append([log_id, wake_utc.strftime("%Y-%m-%dT%H:%M:%SZ"), overall, int(overall * 0.25), int(overall * 0.25),
                           int(overall * 0.5), deep, int(round(r["rhr"])) if r["rhr"] else "", round(rnd.uniform(0.05, 0.14), 3)])
            if rnd.random() < 0.1:
                ns = T.combine(day, dt.time(15, rnd.randint(0, 40)))
                nd = rnd.randint(20, 50)
                log_id += rnd.randint(900000, 1500000)
                logs.append({"logId": log_id, "dateOfSleep": day.isoformat(), "startTime": ns.strftime("%Y-%m-%dT%H:%M:%S.000"),
                             "endTime": (ns + dt.timedelta(minutes=nd + 3)).strftime("%Y-%m-%dT%H:%M:%S.000"), "duration": (nd + 3) * 60000,
                             "minutesToFallAsleep": 0, "minutesAsleep": nd, "minutesAwake": 3, "minutesAfterWakeup": 0,
                             "timeInBed": nd + 3, "efficiency": int(round(100.0 * nd / (nd + 3))), "type": "classic", "infoCode": 0,
                             "logType": "auto_detected", "mainSleep": False,
                             "levels": {"summary": {"asleep": {"count": 1, "minutes": nd}, "restless": {"count": 1, "minutes": 2},
                                                    "awake": {"count": 1, "minutes": 1}},
                                        "data": [{"dateTime": ns.strftime("%Y-%m-%dT%H:%M:%S.000"), "level": "asleep", "seconds": nd * 60}]}})
                scores.append([log_id, (ns + dt.timedelta(minutes=nd + 3, hours=4)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                               int(rnd.randint(40, 65)), 10, 12, 20, 0, int(round(r["rhr"])) if r["rhr"] else "", round(rnd.uniform(0.1, 0.2), 3)])
        if r["hrv"] is not None:
            hrv[day] = [day.strftime("%Y-%m-%dT00:00:00"), round(r["hrv"], 3), round((r["rhr"] or 60) + rnd.uniform(1, 5), 3),
                        round(rnd.uniform(2.2, 3.1), 3)]
        if r["steps"] is not None:
            steps = int(r["steps"])
            dist = round(steps * 0.00074, 2)
            very = int(clip(round(rnd.gauss(steps / 900, 8)), 0, 120))
            fair = int(clip(round(rnd.gauss(steps / 1200, 6)), 0, 90))
            light = int(clip(round(rnd.gauss(150 + steps / 100, 30)), 30, 400))
            sed = 1440 - very - fair - light - (int(r["sleep"]) if r["sleep"] else 0)
            act_rows.append(["1503960366", "%d/%d/%d" % (day.month, day.day, day.year), steps, dist, dist, 0,
                             round(very * 0.04, 2), round(fair * 0.03, 2), round(dist - very * 0.04 - fair * 0.03, 2) if dist > 1 else 0, 0,
                             very, fair, light, sed, int(round(r["kcal"])) if r["kcal"] else ""])
    base = os.path.join(OUT, "fitbit")
    # one file per ~30-day window; the name is a month off the content (as in real exports)
    logs.sort(key=lambda l: l["startTime"])
    first = D.fromisoformat(logs[0]["dateOfSleep"])
    chunk = {}
    for l in logs:
        k = (D.fromisoformat(l["dateOfSleep"]) - first).days // 30
        chunk.setdefault(k, []).append(l)
    for k, ls in chunk.items():
        fname = first + dt.timedelta(days=30 * k) - dt.timedelta(days=30)
        text = json.dumps(ls[::-1], indent=2, separators=(",", " : "))
        write(os.path.join(base, "Sleep", "sleep-%s.json" % fname.isoformat()), text + "\n")
    write(os.path.join(base, "Sleep", "sleep_score.csv"), csv_text(
        ["sleep_log_entry_id", "timestamp", "overall_score", "composition_score", "revitalization_score", "duration_score",
         "deep_sleep_in_minutes", "resting_heart_rate", "restlessness"], scores[::-1]))
    months = {}
    for day, row in hrv.items():
        months.setdefault(day.replace(day=1), []).append(row)
    for m, rs in months.items():
        write(os.path.join(base, "Heart Rate Variability", "Daily Heart Rate Variability Summary - %s.csv" % m.isoformat()),
              csv_text(["timestamp", "rmssd", "nremhr", "entropy"], rs))
    write(os.path.join(base, "dailyActivity_merged.csv"), csv_text(
        ["Id", "ActivityDate", "TotalSteps", "TotalDistance", "TrackerDistance", "LoggedActivitiesDistance", "VeryActiveDistance",
         "ModeratelyActiveDistance", "LightActiveDistance", "SedentaryActiveDistance", "VeryActiveMinutes", "FairlyActiveMinutes",
         "LightlyActiveMinutes", "SedentaryMinutes", "Calories"], act_rows))


if __name__ == "__main__":
    oura_trends()
    oura_categories()
    whoop("whoop-a", tz_whoop_a, WHOOP_A_ACTS, 6, "2025_01_16", 195)
    whoop("whoop-b", tz_whoop_b, WHOOP_B_ACTS, 7, "2024_01_21", 188)
    peloton()
    garmin()
    fitbit()
    for root, _, files in sorted(os.walk(OUT)):
        for f in sorted(files):
            p = os.path.join(root, f)
            print(os.path.relpath(p, REPO), os.path.getsize(p))
