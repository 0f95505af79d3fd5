#!/usr/bin/env python3
"""Builds bank.jsonl: questions about the AgentBank exports and the LifeSnaps people, each with a DuckDB
query over the raw files that gives the expected answer.  Deterministic (seeded by the question id).

    python3 Bio.Tests/AgentBank/make_bank.py      (from the repo root; then run check_bank.py)

The day conventions follow FORMATS.md: a night (sleep, HRV, resting HR, readiness, recovery) belongs to the
wake-up day; WHOOP cycles belong to the day of their Wake onset (local wall clock), workouts to the local date
of their start; Peloton's "Workout Timestamp" is local wall-clock time with a zone label, so its date part is
the day.  Periods are computed here from the dataset's `today` and written into the SQL as literal dates, so
nothing depends on the wall clock.  Weeks run Monday to Sunday.
"""
import datetime as dt
import hashlib
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from duck import Duck  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
E = "Bio.Tests/AgentBank/exports/"
D = dt.date
DUCK = Duck()


def rc(path, extra=""):
    return "read_csv('{file:%s}', header=true, all_varchar=true, delim=',', quote='\"'%s)" % (path, extra)


def num(col):
    return 'TRY_CAST("%s" AS DOUBLE)' % col


# ------------------------------------------------------------------------------------------- datasets
class Metric:
    def __init__(self, col, unit, names, tol, thr=None, better="high", agg_total=False, fmt="{:.0f}"):
        self.col, self.unit, self.names, self.tol, self.thr, self.better = col, unit, names, tol, thr, better
        self.agg_total, self.fmt = agg_total, fmt


class DS:
    def __init__(self, name, cte, metrics, work=None, source=""):
        self.name, self.cte, self.m, self.work, self.source = name, cte, metrics, work, source
        first, last = DUCK.rows(cte + " SELECT min(day)::VARCHAR, max(day)::VARCHAR FROM d")[0]
        self.first, self.last = D.fromisoformat(first), D.fromisoformat(last)
        if work:
            wl = DUCK.rows(cte + " SELECT max(day)::VARCHAR FROM w")[0][0]
            self.last = max(self.last, D.fromisoformat(wl))
        self.today = self.last + dt.timedelta(days=1)


OT = E + "oura-trends/oura_trends_2022-01-23.csv"
oura_trends_cte = f"""WITH raw AS (SELECT * FROM {rc(OT)}),
d AS (SELECT CAST("date" AS DATE) AS day, {num('Average HRV')} AS hrv, {num('Lowest Resting Heart Rate')} AS rhr,
  {num('Average Resting Heart Rate')} AS avg_rhr, {num('Total Sleep Duration')} / 3600.0 AS sleep_h,
  {num('Sleep Score')} AS sleep_score, {num('Readiness Score')} AS readiness, {num('Activity Score')} AS activity_score,
  {num('Steps')} AS steps, {num('Total Burn')} AS total_kcal, {num('Activity Burn')} AS active_kcal,
  {num('Temperature Deviation (°C)')} AS temp_dev, {num('Respiratory Rate')} AS resp,
  {num('Deep Sleep Duration')} / 60.0 AS deep_min, {num('REM Sleep Duration')} / 60.0 AS rem_min,
  {num('Sleep Efficiency')} AS eff, {num('HRV Balance Score')} AS hrv_balance FROM raw)"""

OC = E + "oura-categories/oura_%s_2024-01-21T08-12-33.csv"
oura_cat_cte = f"""WITH rd AS (SELECT CAST(day AS DATE) AS day, {num('score')} AS readiness, {num('temperature_deviation')} AS temp_dev,
  {num('contributors_hrv_balance')} AS c_hrv_balance, {num('contributors_resting_heart_rate')} AS c_rhr,
  {num('contributors_sleep_balance')} AS c_sleep_balance, {num('contributors_previous_night')} AS c_previous_night,
  {num('contributors_body_temperature')} AS c_body_temp, {num('contributors_recovery_index')} AS c_recovery_index
  FROM {rc(OC % 'daily-readiness')}),
ds AS (SELECT CAST(day AS DATE) AS day, {num('score')} AS sleep_score, {num('contributors_deep_sleep')} AS c_deep,
  {num('contributors_rem_sleep')} AS c_rem, {num('contributors_total_sleep')} AS c_total FROM {rc(OC % 'daily-sleep')}),
sp AS (SELECT CAST(day AS DATE) AS day, {num('spo2_percentage')} AS spo2 FROM {rc(OC % 'daily-spo2')}),
sl AS (SELECT CAST(day AS DATE) AS day, {num('average_hrv')} AS hrv, {num('lowest_heart_rate')} AS rhr,
  {num('average_heart_rate')} AS avg_hr, {num('total_sleep_duration')} / 3600.0 AS sleep_h, {num('average_breath')} AS resp,
  {num('deep_sleep_duration')} / 60.0 AS deep_min, {num('rem_sleep_duration')} / 60.0 AS rem_min,
  {num('efficiency')} AS eff, {num('time_in_bed')} / 3600.0 AS bed_h
  FROM {rc(OC % 'sleep')} WHERE type = 'long_sleep'),
days AS (SELECT day FROM rd UNION SELECT day FROM ds UNION SELECT day FROM sl UNION SELECT day FROM sp),
d AS (SELECT * FROM days LEFT JOIN rd USING (day) LEFT JOIN ds USING (day) LEFT JOIN sl USING (day) LEFT JOIN sp USING (day))"""


def whoop_cte(ds):
    p = E + ds + "/"
    return f"""WITH c AS (SELECT * FROM {rc(p + 'physiological_cycles.csv')}),
d AS (SELECT COALESCE(CAST(CAST("Wake onset" AS TIMESTAMP) AS DATE), CAST(CAST("Cycle start time" AS TIMESTAMP) AS DATE)) AS day,
  "Cycle start time" AS cycle, {num('Recovery score %')} AS recovery, {num('Resting heart rate (bpm)')} AS rhr,
  {num('Heart rate variability (ms)')} AS hrv, {num('Skin temp (celsius)')} AS skin_temp, {num('Blood oxygen %')} AS spo2,
  {num('Day Strain')} AS strain, {num('Energy burned (cal)')} AS kcal, {num('Max HR (bpm)')} AS max_hr,
  {num('Sleep performance %')} AS sleep_perf, {num('Respiratory rate (rpm)')} AS resp,
  {num('Asleep duration (min)')} / 60.0 AS sleep_h, {num('In bed duration (min)')} / 60.0 AS bed_h,
  {num('Deep (SWS) duration (min)')} AS deep_min, {num('REM duration (min)')} AS rem_min,
  {num('Sleep need (min)')} / 60.0 AS need_h, {num('Sleep debt (min)')} AS debt_min, {num('Sleep efficiency %')} AS eff,
  {num('Sleep consistency %')} AS consistency FROM c),
w AS (SELECT CAST(CAST("Workout start time" AS TIMESTAMP) AS DATE) AS day, CAST("Workout start time" AS TIMESTAMP) AS start,
  "Activity name" AS activity, {num('Duration (min)')} AS duration_min, {num('Activity Strain')} AS strain,
  {num('Energy burned (cal)')} AS kcal, {num('Average HR (bpm)')} AS avg_hr, {num('Max HR (bpm)')} AS max_hr,
  {num('Distance (meters)')} / 1000.0 AS km, "Cycle start time" AS cycle FROM {rc(p + 'workouts.csv')}),
j AS (SELECT "Cycle start time" AS cycle, trim("Question text") AS question, lower("Answered yes") = 'true' AS yes
  FROM {rc(p + 'journal_entries.csv')})"""


PL = E + "peloton/peloton_workouts.csv"
peloton_cte = f"""WITH w AS (SELECT CAST(strptime(substr("Workout Timestamp", 1, 16), '%Y-%m-%d %H:%M') AS DATE) AS day,
  strptime(substr("Workout Timestamp", 1, 16), '%Y-%m-%d %H:%M') AS start, "Live/On-Demand" AS live,
  "Instructor Name" AS instructor, {num('Length (minutes)')} AS duration_min, "Fitness Discipline" AS activity,
  "Type" AS type, "Title" AS title, {num('Total Output')} AS output_kj, {num('Avg. Watts')} AS watts,
  TRY_CAST(replace("Avg. Resistance", '%', '') AS DOUBLE) AS resistance, {num('Avg. Cadence (RPM)')} AS cadence,
  {num('Avg. Speed (mph)')} AS mph, {num('Distance (mi)')} AS miles, {num('Calories Burned')} AS kcal,
  {num('Avg. Heartrate')} AS avg_hr FROM {rc(PL)}),
d AS (SELECT day, count(*) AS workouts, sum(duration_min) AS minutes, sum(output_kj) AS output_kj, sum(kcal) AS kcal
  FROM w GROUP BY day)"""

GA = E + "garmin/"
garmin_cte = f"""WITH s AS (SELECT CAST(calendarDate AS DATE) AS day, {num('restingHeartRate')} AS rhr_summary,
  {num('totalSteps')} AS steps, {num('totalKilocalories')} AS total_kcal, {num('activeKilocalories')} AS active_kcal,
  {num('averageStressLevel')} AS stress, {num('bodyBatteryAtWakeTime')} AS body_battery,
  {num('sleepingSeconds')} / 3600.0 AS sleep_h, {num('moderateIntensityMinutes')} AS moderate_min,
  {num('vigorousIntensityMinutes')} AS vigorous_min FROM {rc(GA + 'daily_summaries.csv')}),
h AS (SELECT CAST("date" AS DATE) AS day, {num('hrvSummary_lastNightAvg')} AS hrv, {num('hrvSummary_weeklyAvg')} AS hrv_week,
  hrvSummary_status AS hrv_status FROM {rc(GA + 'hrv.csv')}),
r AS (SELECT CAST("date" AS DATE) AS day,
  TRY_CAST(json_extract(allMetrics_metricsMap_WELLNESS_RESTING_HEART_RATE, '$[0].value') AS DOUBLE) AS rhr
  FROM {rc(GA + 'resting_heart_rate.csv')}),
q AS (SELECT CAST("date" AS DATE) AS day, TRY_CAST(regexp_extract(overall, '''value'': (\\d+)', 1) AS DOUBLE) AS sleep_score
  FROM {rc(GA + 'sleep_score.csv')}),
days AS (SELECT day FROM s UNION SELECT day FROM h UNION SELECT day FROM r UNION SELECT day FROM q),
d AS (SELECT * FROM days LEFT JOIN s USING (day) LEFT JOIN h USING (day) LEFT JOIN r USING (day) LEFT JOIN q USING (day)),
w AS (SELECT CAST(CAST(startTimeLocal AS TIMESTAMP) AS DATE) AS day, CAST(startTimeLocal AS TIMESTAMP) AS start,
  activityType_typeKey AS activity, activityName AS name, {num('duration')} / 60.0 AS duration_min,
  {num('distance')} / 1000.0 AS km, {num('averageHR')} AS avg_hr, {num('maxHR')} AS max_hr, {num('calories')} AS kcal,
  {num('activityTrainingLoad')} AS load FROM {rc(GA + 'activities.csv')})"""

FB = E + "fitbit/"
_sleep_files = ", ".join("'{file:%sSleep/sleep-%s.json}'" % (FB, x) for x in ("2022-04-23", "2022-05-23", "2022-06-22"))
_hrv_files = ", ".join("'{file:%sHeart Rate Variability/Daily Heart Rate Variability Summary - %s.csv}'" % (FB, x)
                       for x in ("2022-05-01", "2022-06-01", "2022-07-01"))
fitbit_cte = f"""WITH logs AS (SELECT * FROM read_json([{_sleep_files}], format='array',
  columns={{'logId': 'BIGINT', 'dateOfSleep': 'DATE', 'minutesAsleep': 'INTEGER', 'timeInBed': 'INTEGER',
  'efficiency': 'INTEGER', 'mainSleep': 'BOOLEAN', 'minutesAwake': 'INTEGER'}})),
sc AS (SELECT * FROM read_csv('{{file:{FB}Sleep/sleep_score.csv}}', header=true, all_varchar=true)),
sl AS (SELECT logs.dateOfSleep AS day, logs.minutesAsleep / 60.0 AS sleep_h, logs.timeInBed / 60.0 AS bed_h,
  logs.efficiency AS eff, {num('overall_score')} AS sleep_score, {num('resting_heart_rate')} AS rhr,
  {num('deep_sleep_in_minutes')} AS deep_min FROM logs LEFT JOIN sc ON sc.sleep_log_entry_id = CAST(logs.logId AS VARCHAR)
  WHERE logs.mainSleep),
hv AS (SELECT CAST(CAST("timestamp" AS TIMESTAMP) AS DATE) AS day, {num('rmssd')} AS hrv
  FROM read_csv([{_hrv_files}], header=true, all_varchar=true)),
ac AS (SELECT CAST(strptime(ActivityDate, '%m/%d/%Y') AS DATE) AS day, {num('TotalSteps')} AS steps,
  {num('Calories')} AS total_kcal, {num('VeryActiveMinutes')} AS very_active_min, {num('TotalDistance')} AS km
  FROM {rc(FB + 'dailyActivity_merged.csv')}),
days AS (SELECT day FROM sl UNION SELECT day FROM hv UNION SELECT day FROM ac),
d AS (SELECT * FROM days LEFT JOIN sl USING (day) LEFT JOIN hv USING (day) LEFT JOIN ac USING (day))"""


def lifesnaps_cte(n):
    # 0.0 ms HRV and 0.0 breaths/min are sensor artefacts (persons 01, 02, 10): read as missing
    return f"""WITH d AS (SELECT "date" AS day, CASE WHEN hrv_rmssd_ms > 0 THEN hrv_rmssd_ms END AS hrv, resting_hr_bpm AS rhr,
  sleep_minutes / 60.0 AS sleep_h, sleep_efficiency AS eff, CASE WHEN respiratory_rate > 0 THEN respiratory_rate END AS resp,
  steps, total_kcal FROM read_csv('{{file:../shared/data/lifesnaps-dev/person{n:02d}.csv}}',
  header=true, columns={{'date': 'DATE', 'hrv_rmssd_ms': 'DOUBLE', 'resting_hr_bpm': 'DOUBLE', 'sleep_minutes': 'DOUBLE',
  'sleep_efficiency': 'DOUBLE', 'respiratory_rate': 'DOUBLE', 'steps': 'DOUBLE', 'total_kcal': 'DOUBLE'}}))"""


HRV = ["hrv", "HRV", "heart rate variability", "hrv (rmssd)"]
RHR = ["rhr", "resting heart rate", "resting hr", "RHR"]
SLEEP = ["sleep", "total sleep", "hours of sleep", "time asleep"]
STEPS = ["steps", "step count", "daily steps"]


def M(col, unit, names, tol, thr=None, better="high", total=False):
    return Metric(col, unit, names, tol, thr, better, total)


common = {
    "hrv": M("hrv", "ms", HRV, 1.0, 40),
    "sleep_h": M("sleep_h", "hours", SLEEP, 0.1, 7),
}
DATASETS = {}


def mk(name, cte, metrics, work=None, source=""):
    DATASETS[name] = DS(name, cte, metrics, work, source)


mk("oura-trends", oura_trends_cte, {
    "hrv": M("hrv", "ms", ["hrv", "average hrv", "HRV", "heart rate variability"], 1.0, 30),

    "rhr": M("rhr", "bpm", ["lowest resting heart rate", "lowest rhr", "lowest resting hr"], 0.5, 70, "low"),
    "avg_rhr": M("avg_rhr", "bpm", ["average resting heart rate"], 0.5, 78, "low"),
    "sleep_h": M("sleep_h", "hours", ["total sleep", "sleep", "sleep duration"], 0.1, 7),
    "sleep_score": M("sleep_score", "score", ["sleep score"], 1.0, 70),
    "readiness": M("readiness", "score", ["readiness", "readiness score"], 1.0, 70),
    "activity_score": M("activity_score", "score", ["activity score"], 1.0, 70),
    "steps": M("steps", "steps", STEPS, 50, 10000, total=True),
    "total_kcal": M("total_kcal", "kcal", ["total burn", "calories", "total calories"], 10, 2000, total=True),
    "active_kcal": M("active_kcal", "kcal", ["activity burn", "active calories"], 10, 400, total=True),
    "temp_dev": M("temp_dev", "°C", ["temperature deviation", "temp deviation", "body temp deviation"], 0.02, 0.3),
    "resp": M("resp", "breaths/min", ["respiratory rate", "breathing rate"], 0.1, 19),
    "deep_min": M("deep_min", "minutes", ["deep sleep"], 2, 60),
    "rem_min": M("rem_min", "minutes", ["rem sleep", "REM"], 2, 90),
})
mk("oura-categories", oura_cat_cte, {
    "hrv": M("hrv", "ms", ["hrv", "nightly hrv", "HRV"], 1.0, 40),
    "rhr": M("rhr", "bpm", ["lowest heart rate", "lowest hr", "lowest night heart rate"], 0.5, 60, "low"),
    "sleep_h": M("sleep_h", "hours", ["total sleep", "sleep", "sleep time"], 0.1, 7),
    "sleep_score": M("sleep_score", "score", ["sleep score"], 1.0, 75),
    "readiness": M("readiness", "score", ["readiness", "readiness score"], 1.0, 75),
    "temp_dev": M("temp_dev", "°C", ["temperature deviation", "temp deviation"], 0.02, 0.3),
    "spo2": M("spo2", "%", ["spo2", "blood oxygen", "SpO2"], 0.1, 96),
    "resp": M("resp", "breaths/min", ["breathing rate", "respiratory rate"], 0.1, 15),
    "deep_min": M("deep_min", "minutes", ["deep sleep"], 2, 60),
    "rem_min": M("rem_min", "minutes", ["rem sleep", "REM sleep"], 2, 90),
    "c_hrv_balance": M("c_hrv_balance", "score", ["hrv balance contributor", "hrv balance"], 1.0, 70),
    "c_sleep_balance": M("c_sleep_balance", "score", ["sleep balance contributor", "sleep balance"], 1.0, 70),
    "c_rhr": M("c_rhr", "score", ["resting heart rate contributor"], 1.0, 70),
    "c_body_temp": M("c_body_temp", "score", ["body temperature contributor"], 1.0, 90),
})
for wds, src in (("whoop-a", "person03"), ("whoop-b", "person04")):
    mk(wds, whoop_cte(wds), {
        "recovery": M("recovery", "%", ["recovery", "recovery score", "recov"], 1.0, 67),
        "hrv": M("hrv", "ms", ["hrv", "HRV", "heart rate variability"], 1.0, 30),
        "rhr": M("rhr", "bpm", RHR, 0.5, 65, "low"),
        "strain": M("strain", "strain", ["strain", "day strain"], 0.2, 14),
        "sleep_h": M("sleep_h", "hours", ["sleep", "time asleep", "hours of sleep"], 0.1, 7),
        "sleep_perf": M("sleep_perf", "%", ["sleep performance", "sleep perf"], 1.0, 85),
        "need_h": M("need_h", "hours", ["sleep need"], 0.1, 8),
        "debt_min": M("debt_min", "minutes", ["sleep debt"], 3, 60, "low"),
        "kcal": M("kcal", "kcal", ["calories", "energy burned", "cals"], 10, 2500, total=True),
        "skin_temp": M("skin_temp", "°C", ["skin temp", "skin temperature"], 0.05, 34),
        "spo2": M("spo2", "%", ["blood oxygen", "spo2"], 0.1, 96),
        "resp": M("resp", "breaths/min", ["respiratory rate", "resp rate"], 0.1, 15),
        "eff": M("eff", "%", ["sleep efficiency"], 1.0, 90),
        "consistency": M("consistency", "%", ["sleep consistency"], 1.0, 70),
        "deep_min": M("deep_min", "minutes", ["deep sleep", "sws", "slow wave sleep"], 2, 90),
        "rem_min": M("rem_min", "minutes", ["rem", "rem sleep"], 2, 90),
    }, work=True, source=src)
mk("peloton", peloton_cte, {
    "minutes": M("minutes", "minutes", ["workout minutes"], 1, 30, total=True),
}, work=True)
mk("garmin", garmin_cte, {
    "hrv": M("hrv", "ms", ["hrv", "overnight hrv", "HRV", "nightly hrv"], 1.0, 25),
    "rhr": M("rhr", "bpm", RHR, 0.5, 60, "low"),
    "steps": M("steps", "steps", STEPS, 50, 10000, total=True),
    "total_kcal": M("total_kcal", "kcal", ["total calories", "calories", "kcal"], 10, 2000, total=True),
    "active_kcal": M("active_kcal", "kcal", ["active calories"], 10, 500, total=True),
    "stress": M("stress", "score", ["stress", "stress level", "avg stress"], 1.0, 35, "low"),
    "body_battery": M("body_battery", "score", ["body battery at wake", "body battery"], 1.0, 60),
    "sleep_h": M("sleep_h", "hours", ["sleep", "sleep time"], 0.1, 7),
    "sleep_score": M("sleep_score", "score", ["sleep score"], 1.0, 75),
}, work=True)
mk("fitbit", fitbit_cte, {
    "hrv": M("hrv", "ms", ["hrv", "heart rate variability", "rmssd"], 1.0, 80),
    "rhr": M("rhr", "bpm", RHR, 0.5, 62, "low"),
    "sleep_h": M("sleep_h", "hours", ["sleep", "time asleep"], 0.1, 7),
    "sleep_score": M("sleep_score", "score", ["sleep score"], 1.0, 80),
    "steps": M("steps", "steps", STEPS, 50, 10000, total=True),
    "total_kcal": M("total_kcal", "kcal", ["calories", "calories burned"], 10, 2500, total=True),
    "very_active_min": M("very_active_min", "minutes", ["very active minutes"], 2, 30, total=True),
    "eff": M("eff", "%", ["sleep efficiency"], 1.0, 93),
    "deep_min": M("deep_min", "minutes", ["deep sleep"], 2, 60),
})
for n in range(1, 11):
    mk("lifesnaps-%02d" % n, lifesnaps_cte(n), {
        "hrv": M("hrv", "ms", HRV, 1.0, 40),
        "rhr": M("rhr", "bpm", RHR, 0.5, 65, "low"),
        "sleep_h": M("sleep_h", "hours", SLEEP, 0.1, 7),
        "eff": M("eff", "%", ["sleep efficiency"], 1.0, 92),
        "resp": M("resp", "breaths/min", ["breathing rate", "respiratory rate"], 0.1, 16),
        "steps": M("steps", "steps", STEPS, 50, 10000, total=True),
        "total_kcal": M("total_kcal", "kcal", ["calories", "total calories", "kcal burned"], 10, 2200, total=True),
    }, source="person%02d" % n)

# ------------------------------------------------------------------------------------------- periods
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]


def month_end(d):
    n = D(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return n - dt.timedelta(days=1)


def period(ds, key):
    """(start, end inclusive, list of ways to say it)"""
    t = ds.today
    y = t - dt.timedelta(days=1)
    mon = t - dt.timedelta(days=t.weekday())
    if key == "all":
        return None, None, ["", "", "ever", "overall", "so far"]
    if key == "last_week":
        return mon - dt.timedelta(days=7), mon - dt.timedelta(days=1), ["last week", "last wk", "over last week"]
    if key == "this_week":
        return mon, y, ["this week", "so far this week"]
    if key == "past_7":
        return t - dt.timedelta(days=7), y, ["the past 7 days", "the last 7 days", "past week"]
    if key == "past_30":
        return t - dt.timedelta(days=30), y, ["the past 30 days", "the last 30 days", "last 30 days"]
    if key == "prev_30":
        return t - dt.timedelta(days=60), t - dt.timedelta(days=31), ["the 30 days before that"]
    if key == "last_month":
        lm_end = t.replace(day=1) - dt.timedelta(days=1)
        return lm_end.replace(day=1), lm_end, ["last month", "last mnth", "over last month"]
    if key == "month_before_last":
        lm_end = t.replace(day=1) - dt.timedelta(days=1)
        e = lm_end.replace(day=1) - dt.timedelta(days=1)
        return e.replace(day=1), e, ["the month before"]
    if key == "this_month":
        return t.replace(day=1), y, ["this month", "so far this month"]
    if key == "this_year":
        return t.replace(month=1, day=1), y, ["this year", "so far this year"]
    if key == "data_last_month":
        return ds.last - dt.timedelta(days=29), ds.last, ["the last month of my data", "my last 30 days of data"]
    if key.startswith("month:"):
        y_, m_ = map(int, key[6:].split("-"))
        a = D(y_, m_, 1)
        return a, month_end(a), ["in " + MONTHS[m_ - 1], "in " + MONTHS[m_ - 1][:3], "during " + MONTHS[m_ - 1].capitalize()]
    raise KeyError(key)


def where(ds, key, col="day"):
    a, b, _ = period(ds, key)
    if a is None:
        return ""
    return f" AND {col} BETWEEN DATE '{a}' AND DATE '{b}'"


# ------------------------------------------------------------------------------------------- the bank
BANK = []
COUNTERS = {}


def qid(ds):
    COUNTERS[ds] = COUNTERS.get(ds, 0) + 1
    return "%s-%03d" % (ds, COUNTERS[ds])


def R(key):
    return random.Random(hashlib.sha256(key.encode()).hexdigest())


def one(sql):
    return DUCK.rows(sql)


def add(ds, intent, questions, expect, note=None):
    """questions: one string or a list (the same question asked different ways: one entry each)."""
    if isinstance(questions, str):
        questions = [questions]
    questions = [clean(q) for q in questions]
    if expect["kind"] not in ("refuse",):
        questions = [typo(q) for q in questions]
    for q in questions:
        e = dict(expect)
        if e["kind"] in ("number", "date", "rows"):
            rows = one(e["sql"])
            if e["kind"] in ("number", "date"):
                if len(rows) != 1 or any(v is None for v in rows[0]):
                    print("SKIP (no single row)", ds.name, intent, q, rows[:3], file=sys.stderr)
                    return False
            elif not rows:
                print("SKIP (no rows)", ds.name, intent, q, file=sys.stderr)
                return False
        item = {"id": qid(ds.name), "dataset": ds.name, "today": ds.today.isoformat(), "question": q, "intent": intent,
                "expect": e}
        if note:
            item["note"] = note
        BANK.append(item)
    return True


def clean(q):
    q = " ".join(q.split())
    for a, b in ((" ?", "?"), (" ,", ","), (" - which", " - which"), ("( ", "("), (" )", ")")):
        q = q.replace(a, b)
    return q


PROTECT = set(MONTHS_ := ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                          "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])


def typo(q):
    """About one question in seven gets one typing slip (two letters swapped, one dropped or one doubled) in a
    word of five or more letters; numbers, dates and day/month names are never touched."""
    h = int(hashlib.sha256(("typo" + q).encode()).hexdigest(), 16)
    if h % 7:
        return q
    words = q.split(" ")
    cands = [i for i, w in enumerate(words) if w.isalpha() and len(w) >= 5 and w.lower() not in PROTECT]
    if not cands:
        return q
    i = cands[(h >> 8) % len(cands)]
    w = words[i]
    j = 1 + (h >> 16) % (len(w) - 2)
    kind = (h >> 24) % 3
    if kind == 0:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    elif kind == 1:
        w = w[:j] + w[j + 1:]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


NIGHT = {"hrv", "rhr", "avg_rhr", "sleep_h", "eff", "sleep_score", "readiness", "recovery", "resp", "deep_min", "rem_min",
         "sleep_perf", "need_h", "debt_min", "skin_temp", "spo2", "consistency", "temp_dev", "body_battery"}


def ordinal(n):
    return "%d%s" % (n, "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th"))


def pick(rnd, xs):
    return xs[rnd.randrange(len(xs))]


def mname(ds, k, rnd):
    return pick(rnd, ds.m[k].names)


def fmt_thr(v, unit):
    if unit == "steps" or (isinstance(v, int) and v >= 1000):
        return "{:,}".format(int(v)) if v >= 1000 else str(v)
    return ("%g" % v)


def n_expect(ds, k, sql, tol=None, unit=None):
    m = ds.m.get(k)
    return {"kind": "number", "sql": sql, "unit": unit or m.unit, "tolerance": tol if tol is not None else m.tol}


# ---- daily intents -------------------------------------------------------------------------------
def q_average(ds, k, per="all", many=False, stat="avg"):
    m = ds.m[k]
    rnd = R(ds.name + k + per + stat)
    _, _, pw = period(ds, per)
    p = pick(rnd, pw)
    nm = mname(ds, k, rnd)
    sql = ds.cte + f"\nSELECT avg({m.col}) AS avg_{m.col} FROM d WHERE {m.col} IS NOT NULL" + where(ds, per)
    ways = [f"what's my average {nm} {p}".strip(), f"avg {nm} {p}?".strip(), f"what was my {nm} on avg {p}".strip(),
            f"how's my {nm} been {p or 'overall'}, on average".strip(), f"mean {nm} {p} pls".strip(),
            f"on average what is my {nm} {p}".strip(), f"typical {nm} {p}? (average)".strip()]
    if many:
        return add(ds, "average", ways[:5], n_expect(ds, k, sql))
    return add(ds, "average", pick(rnd, ways), n_expect(ds, k, sql))


def q_total(ds, k, per="last_month", many=False):
    m = ds.m[k]
    rnd = R(ds.name + k + per + "total")
    p = pick(rnd, period(ds, per)[2])
    nm = mname(ds, k, rnd)
    sql = ds.cte + f"\nSELECT sum({m.col}) AS total FROM d WHERE {m.col} IS NOT NULL" + where(ds, per)
    tol = max(m.tol, 1) * 3 if m.unit == "steps" else m.tol * 3
    ways = [f"how many {nm} did i get {p} in total", f"total {nm} {p}", f"{nm} {p} all together?",
            f"sum of my {nm} {p}", f"what did my {nm} add up to {p}"]
    if m.unit == "steps":
        ways = [f"how many steps did i take {p} in total", f"total steps {p}", f"steps {p} all together?",
                f"sum of my daily steps {p}", f"what did my steps add up to {p}"]
    if m.unit == "kcal":
        base = nm.replace(" burned", "").replace("total ", "")
        ways = [f"how many {base} did i burn {p} in total", f"total {base} burned {p}", f"sum of {base} {p}",
                f"{base} burned {p}, all added up", f"how many {base} altogether {p}"]
    if m.unit == "minutes":
        ways = [f"how many {nm} did i get {p} in total", f"total {nm} {p}", f"sum of {nm} {p}", f"{nm} {p} added up",
                f"how many {nm} altogether {p}"]
    return add(ds, "total", ways if many else pick(rnd, ways), n_expect(ds, k, sql, tol))


def q_extreme(ds, k, hi=True, per="all", many=False):
    m = ds.m[k]
    rnd = R(ds.name + k + per + str(hi))
    p = pick(rnd, period(ds, per)[2])
    nm = mname(ds, k, rnd)
    order = "DESC" if hi else "ASC"
    w = where(ds, per)
    # skip ties: the answer must be one day
    ties = one(ds.cte + f"\nSELECT count(*) FROM d WHERE {m.col} = (SELECT {'max' if hi else 'min'}({m.col}) FROM d WHERE {m.col} IS NOT NULL{w}){w}")[0][0]
    if ties != 1:
        print("SKIP tie", ds.name, k, per, hi, file=sys.stderr)
        return False
    sql = ds.cte + f"\nSELECT strftime(day, '%Y-%m-%d') AS day, {m.col} AS value FROM d WHERE {m.col} IS NOT NULL{w} ORDER BY {m.col} {order}, day LIMIT 1"
    word = ("highest", "best", "max", "biggest", "top") if hi else ("lowest", "worst", "min", "smallest", "lowest ever")
    if m.better == "low":
        word = ("highest", "max", "highest", "biggest", "peak") if hi else ("lowest", "best", "lowest", "min", "lowest")
    if m.unit in ("hours", "minutes"):
        word = ("longest", "most", "max", "longest", "longest") if hi else ("shortest", "least", "min", "shortest", "shortest")
    if m.unit == "steps":
        word = ("highest", "most", "max", "highest", "biggest") if hi else ("lowest", "fewest", "min", "lowest", "lowest")
    ways = [f"when was my {word[0]} {nm} {p}".strip(), f"what day did i have the {word[0]} {nm} {p}".strip(),
            f"{word[2]} {nm} {p} - which day?".strip(), f"which date had my {word[0]} {nm}{' ' + p if p else ''} and what was it",
            f"show me the day with my {word[0]} {nm} {p}".strip()]
    intent = "max_with_date" if hi else "min_with_date"
    if many:
        return add(ds, intent, ways, {"kind": "date", "sql": sql, "unit": m.unit, "tolerance": m.tol})
    return add(ds, intent, pick(rnd, ways), {"kind": "date", "sql": sql, "unit": m.unit, "tolerance": m.tol})


OPS = {">": ["over", "above", "more than"], "<": ["under", "below", "less than"], ">=": ["at least"]}


def q_count(ds, k, op, thr, per="all", many=False, noun="days"):
    m = ds.m[k]
    rnd = R(ds.name + k + op + str(thr) + per)
    p = pick(rnd, period(ds, per)[2])
    nm = mname(ds, k, rnd)
    ow = pick(rnd, OPS[op])
    t = fmt_thr(thr, m.unit)
    u = {"hours": " hours", "%": "%", "ms": "ms", "bpm": " bpm", "minutes": " min", "°C": "°C"}.get(m.unit, "")
    sql = ds.cte + f"\nSELECT count(*) AS days FROM d WHERE {m.col} {op} {thr}" + where(ds, per)
    ways = [f"how many {noun} was my {nm} {ow} {t}{u} {p}".strip(), f"number of {noun} with {nm} {ow} {t}{u} {p}".strip(),
            f"how often did i get {nm} {ow} {t}{u} {p}".strip(), f"count the {noun} my {nm} was {ow} {t}{u} {p}".strip(),
            f"how many times was {nm} {ow} {t}{u} {p}?".strip()]
    e = {"kind": "number", "sql": sql, "unit": "count", "tolerance": 0}
    if many:
        return add(ds, "count_days", ways, e)
    return add(ds, "count_days", pick(rnd, ways), e)


def q_percent(ds, k, op, thr, per="all", many=False):
    m = ds.m[k]
    rnd = R(ds.name + k + op + str(thr) + per + "pct")
    p = pick(rnd, period(ds, per)[2])
    nm = mname(ds, k, rnd)
    ow = pick(rnd, OPS[op])
    t = fmt_thr(thr, m.unit)
    u = {"hours": " hours", "%": "%", "ms": " ms", "bpm": " bpm", "minutes": " minutes"}.get(m.unit, "")
    sql = ds.cte + f"\nSELECT 100.0 * count(*) FILTER (WHERE {m.col} {op} {thr}) / count(*) AS pct FROM d WHERE {m.col} IS NOT NULL" + where(ds, per)
    nn = "nights" if k in NIGHT else "days"
    ways = [f"what % of {nn} was my {nm} {ow} {t}{u} {p}".strip(), f"percentage of {nn} with {nm} {ow} {t}{u} {p}".strip(),
            f"how often (in %) is my {nm} {ow} {t}{u} {p}".strip(), f"what fraction of my days had {nm} {ow} {t}{u}, as a percent {p}".strip(),
            f"percent of the time my {nm} was {ow} {t}{u} {p}".strip()]
    e = {"kind": "number", "sql": sql, "unit": "%", "tolerance": 1.0}
    if many:
        return add(ds, "percent_days", ways, e)
    return add(ds, "percent_days", pick(rnd, ways), e)


def q_median(ds, k, per="all", many=False):
    m = ds.m[k]
    rnd = R(ds.name + k + per + "median")
    p = pick(rnd, period(ds, per)[2])
    nm = mname(ds, k, rnd)
    sql = ds.cte + f"\nSELECT median({m.col}) AS median FROM d WHERE {m.col} IS NOT NULL" + where(ds, per)
    ways = [f"what's my median {nm} {p}".strip(), f"median {nm} {p}?".strip(), f"give me the median of my {nm} {p}".strip(),
            f"whats the middle value (median) of my {nm} {p}".strip(), f"{nm} median {p}".strip()]
    e = n_expect(ds, k, sql)
    return add(ds, "median", ways if many else pick(rnd, ways), e)


def q_std(ds, k, many=False):
    m = ds.m[k]
    rnd = R(ds.name + k + "std")
    nm = mname(ds, k, rnd)
    sql = ds.cte + f"\nSELECT stddev_samp({m.col}) AS sd FROM d WHERE {m.col} IS NOT NULL"
    ways = [f"how much does my {nm} vary? standard deviation", f"std dev of my {nm}", f"whats the standard deviation of {nm}",
            f"how consistent is my {nm}, what's the SD", f"{nm} standard deviation pls"]
    return add(ds, "variability", ways if many else pick(rnd, ways), n_expect(ds, k, sql, m.tol))


def q_topn(ds, k, n=3, hi=True, many=False):
    m = ds.m[k]
    rnd = R(ds.name + k + "top" + str(hi))
    nm = mname(ds, k, rnd)
    order = "DESC" if hi else "ASC"
    rows = one(ds.cte + f"\nSELECT {m.col} FROM d WHERE {m.col} IS NOT NULL ORDER BY {m.col} {order} LIMIT {n + 1}")
    if len(rows) > n and rows[n - 1][0] == rows[n][0]:
        print("SKIP tie top", ds.name, k, file=sys.stderr)
        return False
    sql = ds.cte + f"\nSELECT strftime(day, '%Y-%m-%d') AS day, {m.col} AS value FROM d WHERE {m.col} IS NOT NULL ORDER BY {m.col} {order}, day LIMIT {n}"
    w = "best" if (hi == (m.better == "high")) else "worst"
    hl = "highest" if hi else "lowest"
    ways = [f"top {n} days for {nm}" if hi else f"my {n} lowest {nm} days", f"show my {n} {hl} {nm} days",
            f"which {n} days had my {hl} {nm}", f"list the {n} {w} days for {nm}", f"{n} {hl} {nm} readings and when"]
    e = {"kind": "rows", "sql": sql, "unit": m.unit, "tolerance": m.tol}
    return add(ds, "top_n", ways if many else pick(rnd, ways), e)


def q_per_month(ds, k, agg="avg", many=False):
    m = ds.m[k]
    rnd = R(ds.name + k + "month" + agg)
    nm = mname(ds, k, rnd)
    sql = ds.cte + (f"\nSELECT strftime(mo, '%B %Y') AS month, v AS {agg}_{m.col} FROM (SELECT date_trunc('month', day) AS mo, "
                    f"{agg}({m.col}) AS v FROM d WHERE {m.col} IS NOT NULL GROUP BY mo) ORDER BY mo")
    if agg == "avg":
        ways = [f"average {nm} by month", f"my {nm} month by month", f"monthly avg {nm}", f"how did my {nm} look each month",
                f"break down my {nm} per month (average)"]
        tol = m.tol
    else:
        ways = [f"total {nm} per month", f"how many {nm} each month", f"monthly {nm} totals", f"sum of {nm} by month",
                f"{nm} per month, added up"]
        tol = m.tol * 10
    e = {"kind": "rows", "sql": sql, "unit": m.unit, "tolerance": tol}
    return add(ds, "per_month", ways if many else pick(rnd, ways), e)


def q_per_weekday(ds, k, many=False):
    m = ds.m[k]
    rnd = R(ds.name + k + "wd")
    nm = mname(ds, k, rnd)
    sql = ds.cte + (f"\nSELECT strftime(day, '%A') AS weekday, avg({m.col}) AS avg_{m.col} FROM d WHERE {m.col} IS NOT NULL "
                    f"GROUP BY strftime(day, '%A'), isodow(day) ORDER BY isodow(day)")
    ways = [f"average {nm} by day of the week", f"which weekday is my {nm} best? show each day", f"{nm} per weekday",
            f"is my {nm} different on weekends? avg per weekday", f"mon-sun breakdown of my {nm}"]
    e = {"kind": "rows", "sql": sql, "unit": m.unit, "tolerance": m.tol}
    return add(ds, "per_weekday", ways if many else pick(rnd, ways), e)


def q_compare(ds, k, p1="past_30", p2="prev_30", many=False):
    m = ds.m[k]
    rnd = R(ds.name + k + p1 + p2)
    nm = mname(ds, k, rnd)
    a1, b1, w1 = period(ds, p1)
    a2, b2, w2 = period(ds, p2)
    sql = ds.cte + (f"\nSELECT avg({m.col}) FILTER (WHERE day BETWEEN DATE '{a1}' AND DATE '{b1}') AS first_period, "
                    f"avg({m.col}) FILTER (WHERE day BETWEEN DATE '{a2}' AND DATE '{b2}') AS second_period FROM d")
    if p2 == "prev_30":
        ways = [f"compare my {nm} the last 30 days vs the 30 days before", f"is my {nm} better or worse than the month before? (last 30 days vs previous 30)",
                f"{nm}: last 30 days compared to the 30 before that", f"how does my avg {nm} over the past 30 days stack up against the prior 30 days",
                f"last 30d vs previous 30d {nm}"]
    else:
        ways = [f"compare my {nm} {w1[0]} with {w2[0].replace('in ', '')}", f"was my {nm} higher {w1[0]} or {w2[0]}?",
                f"{nm} {w1[-1]} vs {w2[-1]}", f"average {nm} {w1[0]} compared to {w2[0]}", f"how did {nm} change from {w2[0].replace('in ', '')} to {w1[0].replace('in ', '')}"]
    e = n_expect(ds, k, sql)
    return add(ds, "compare_periods", ways if many else pick(rnd, ways), e)


def q_condition(ds, k, ck, op, thr, lag=0, many=False, noun=None):
    """the average of k on days where ck op thr (lag=1: the night after such a day)."""
    m, c = ds.m[k], ds.m[ck]
    rnd = R(ds.name + k + ck + op + str(thr) + str(lag))
    nm, cn = mname(ds, k, rnd), mname(ds, ck, rnd)
    t = fmt_thr(thr, c.unit)
    u = {"hours": " hours", "%": "%", "ms": "ms", "bpm": " bpm", "minutes": " min"}.get(c.unit, "")
    ow = pick(rnd, OPS[op])
    if lag:
        sql = ds.cte + f"\nSELECT avg(a.{m.col}) AS avg_{m.col} FROM d a JOIN d b ON a.day = b.day + 1 WHERE b.{c.col} {op} {thr} AND a.{m.col} IS NOT NULL"
        ways = [f"what's my {nm} the day after days with {cn} {ow} {t}{u}", f"{nm} after days when {cn} was {ow} {t}{u}?",
                f"avg {nm} the morning after a day with {ow} {t}{u} {cn}", f"how is my next-day {nm} when my {cn} is {ow} {t}{u}",
                f"on days following {cn} {ow} {t}{u}, what is my average {nm}"]
    else:
        sql = ds.cte + f"\nSELECT avg({m.col}) AS avg_{m.col} FROM d WHERE {c.col} {op} {thr} AND {m.col} IS NOT NULL"
        ways = [f"what's my {nm} on days my {cn} was {ow} {t}{u}", f"avg {nm} when {cn} {ow} {t}{u}",
                f"{nm} on {'nights' if ck in NIGHT else 'days'} with {cn} {ow} {t}{u}?", f"when my {cn} is {ow} {t}{u} what's my {nm} on average",
                f"average {nm} for days where {cn} was {ow} {t}{u}"]
    n = one(ds.cte + (f"\nSELECT count(*) FROM d a JOIN d b ON a.day = b.day + 1 WHERE b.{c.col} {op} {thr} AND a.{m.col} IS NOT NULL" if lag
                      else f"\nSELECT count(*) FROM d WHERE {c.col} {op} {thr} AND {m.col} IS NOT NULL"))[0][0]
    if n < 3:
        print("SKIP cond n<3", ds.name, k, ck, op, thr, file=sys.stderr)
        return False
    e = n_expect(ds, k, sql)
    return add(ds, "condition_on_other_measure", ways if many else pick(rnd, ways), e)


def q_corr(ds, k1, k2, many=False):
    m1, m2 = ds.m[k1], ds.m[k2]
    rnd = R(ds.name + k1 + k2 + "corr")
    n1, n2 = mname(ds, k1, rnd), mname(ds, k2, rnd)
    sql = ds.cte + f"\nSELECT corr({m1.col}, {m2.col}) AS pearson_r FROM d WHERE {m1.col} IS NOT NULL AND {m2.col} IS NOT NULL"
    ways = [f"is my {n1} correlated with my {n2}?", f"correlation between {n1} and {n2}", f"does {n2} go with {n1}? whats the pearson r",
            f"how strongly are {n1} and {n2} related (correlation)", f"r between my {n2} and {n1}?"]
    e = {"kind": "number", "sql": sql, "unit": "r", "tolerance": 0.05}
    return add(ds, "correlation", ways if many else pick(rnd, ways), e)


def q_trend(ds, k, many=False):
    m = ds.m[k]
    rnd = R(ds.name + k + "trend")
    nm = mname(ds, k, rnd)
    a, b = one(ds.cte + f"\nSELECT min(day)::VARCHAR, max(day)::VARCHAR FROM d WHERE {m.col} IS NOT NULL")[0]
    f = D.fromisoformat(a) + dt.timedelta(days=29)
    l = D.fromisoformat(b) - dt.timedelta(days=29)
    sql = ds.cte + (f"\nSELECT avg({m.col}) FILTER (WHERE day <= DATE '{f}') AS first_30_days, "
                    f"avg({m.col}) FILTER (WHERE day >= DATE '{l}') AS last_30_days FROM d")
    ways = [f"is my {nm} trending up or down? compare my first 30 days of data to the last 30", f"has my {nm} improved since i started? (first 30 days vs last 30 days)",
            f"{nm} trend: first month of data vs latest month", f"did my {nm} go up over time, first 30 days vs last 30 days of data",
            f"how has {nm} changed from when i started wearing it to now (30-day averages)"]
    e = n_expect(ds, k, sql)
    return add(ds, "trend", ways if many else pick(rnd, ways), e)


def q_streak(ds, k, op, thr, many=False):
    m = ds.m[k]
    rnd = R(ds.name + k + "streak" + str(thr))
    nm = mname(ds, k, rnd)
    t = fmt_thr(thr, m.unit)
    u = {"hours": " hours", "%": "%", "ms": "ms", "bpm": " bpm"}.get(m.unit, "")
    sql = ds.cte + (f"\nSELECT max(n) AS longest_streak FROM (SELECT count(*) AS n FROM (SELECT day - CAST(row_number() OVER (ORDER BY day) AS INTEGER) AS grp "
                    f"FROM d WHERE {m.col} {op} {thr}) GROUP BY grp)")
    ow = pick(rnd, OPS[op])
    ways = [f"longest streak of days with {nm} {ow} {t}{u}", f"what's my longest run of consecutive days with {nm} {ow} {t}{u}",
            f"most days in a row i had {nm} {ow} {t}{u}", f"longest streak {nm} {ow} {t}{u}?", f"how many days in a row max was my {nm} {ow} {t}{u}"]
    e = {"kind": "number", "sql": sql, "unit": "days", "tolerance": 0}
    return add(ds, "streak", ways if many else pick(rnd, ways), e)


def q_latest(ds, k, many=False):
    m = ds.m[k]
    rnd = R(ds.name + k + "latest")
    nm = mname(ds, k, rnd)
    sql = ds.cte + f"\nSELECT {m.col} AS latest FROM d WHERE {m.col} IS NOT NULL ORDER BY day DESC LIMIT 1"
    ways = [f"what's my latest {nm}", f"most recent {nm}?", f"what was my {nm} last time it was measured", f"current {nm}",
            f"latest {nm} reading pls"]
    return add(ds, "latest", ways if many else pick(rnd, ways), n_expect(ds, k, sql))


def q_on_day(ds, k, day=None, many=False):
    m = ds.m[k]
    rnd = R(ds.name + k + "onday")
    days = [r[0] for r in one(ds.cte + f"\nSELECT strftime(day, '%Y-%m-%d') FROM d WHERE {m.col} IS NOT NULL ORDER BY day")]
    if day is None:
        day = days[rnd.randrange(len(days) // 4, 3 * len(days) // 4)]
    dd = D.fromisoformat(day)
    nm = mname(ds, k, rnd)
    sql = ds.cte + f"\nSELECT {m.col} AS value FROM d WHERE day = DATE '{day}'"
    say = pick(rnd, [f"{MONTHS[dd.month - 1]} {dd.day}", f"{MONTHS[dd.month - 1][:3]} {dd.day}", f"{dd.month}/{dd.day}",
                     f"the {ordinal(dd.day)} of {MONTHS[dd.month - 1]}", dd.isoformat()])
    ways = [f"what was my {nm} on {say}", f"{nm} on {say}?", f"how was my {nm} on {say}",
            f"what was my {nm} on {MONTHS[dd.month - 1]} {ordinal(dd.day)}", f"{nm} for {dd.month}/{dd.day}/{dd.year}"]
    return add(ds, "value_on_day", ways if many else pick(rnd, ways), n_expect(ds, k, sql))


def q_yesterday(ds, k, many=False):
    m = ds.m[k]
    y = ds.today - dt.timedelta(days=1)
    rnd = R(ds.name + k + "yday")
    nm = mname(ds, k, rnd)
    sql = ds.cte + f"\nSELECT {m.col} AS value FROM d WHERE day = DATE '{y}'"
    v = one(sql)[0][0]
    if v is None or v == 0:
        print("SKIP yesterday: no value", ds.name, k, file=sys.stderr)
        return False
    ways = [f"what was my {nm} last night", f"how was my {nm} last night?", f"{nm} last nite", f"what did i get for {nm} last night",
            f"{nm} from last night?"] if k in NIGHT else [f"what was my {nm} yesterday", f"{nm} yesterday?", f"how many {nm} yesterday",
                                                         f"yesterday's {nm}", f"what did my {nm} come to yesterday"]
    return add(ds, "yesterday", ways if many else pick(rnd, ways), n_expect(ds, k, sql))


# ---- words, refusals ----------------------------------------------------------------------------
def q_words(ds, intent, questions, words):
    return add(ds, intent, questions, {"kind": "words", "any": words})


def q_refuse(ds, intent, question, names):
    return add(ds, intent, question, {"kind": "refuse", "names": names})


ADVICE = ["rest", "easy", "moderate", "hard"]


# ---- workouts -------------------------------------------------------------------------------------
def wq_count(ds, per="all", act=None, actword="workouts", many=False, tol=0, cond="", ways=None):
    rnd = R(ds.name + "wcount" + per + str(act) + cond)
    p = pick(rnd, period(ds, per)[2])
    f = (f" AND activity = '{act}'" if act else "") + cond
    sql = ds.cte + f"\nSELECT count(*) AS workouts FROM w WHERE true{f}" + where(ds, per)
    if ways:
        ways = [w.format(p=p) for w in ways]
    else:
        ways = [f"how many {actword} did i do {p}".strip(), f"number of {actword} {p}".strip(), f"how many times did i {actword_verb(actword)} {p}".strip(),
                f"count my {actword} {p}".strip(), f"{actword} count {p}?".strip()]
    e = {"kind": "number", "sql": sql, "unit": "count", "tolerance": tol}
    return add(ds, "count_workouts", ways if many else pick(rnd, ways), e)


def actword_verb(a):
    return {"rides": "ride", "runs": "run", "workouts": "work out", "hikes": "hike", "strength classes": "do strength",
            "walks": "go for a walk", "swims": "swim"}.get(a, "do " + a)


def wq_total(ds, col, unit, words, per="all", act=None, tol=1, cond="", scale=""):
    rnd = R(ds.name + "wtotal" + col + per + str(act) + cond)
    p = pick(rnd, period(ds, per)[2])
    f = (f" AND activity = '{act}'" if act else "") + cond
    sql = ds.cte + f"\nSELECT sum({col}){scale} AS total FROM w WHERE {col} IS NOT NULL{f}" + where(ds, per)
    return add(ds, "workout_total", pick(rnd, [w.format(p=p).strip() for w in words]), {"kind": "number", "sql": sql, "unit": unit, "tolerance": tol})


def wq_avg(ds, col, unit, words, per="all", act=None, tol=1, cond="", intent="workout_average"):
    rnd = R(ds.name + "wavg" + col + per + str(act) + cond)
    p = pick(rnd, period(ds, per)[2])
    f = (f" AND activity = '{act}'" if act else "") + cond
    sql = ds.cte + f"\nSELECT avg({col}) AS avg FROM w WHERE {col} IS NOT NULL{f}" + where(ds, per)
    return add(ds, intent, pick(rnd, [w.format(p=p).strip() for w in words]) if isinstance(words, list) else words.format(p=p),
               {"kind": "number", "sql": sql, "unit": unit, "tolerance": tol})


def wq_longest(ds, col, unit, questions, act=None, hi=True, cond="", tol=1, intent="workout_longest"):
    f = (f" AND activity = '{act}'" if act else "") + cond
    ties = one(ds.cte + f"\nSELECT count(*) FROM w WHERE {col} = (SELECT {'max' if hi else 'min'}({col}) FROM w WHERE {col} IS NOT NULL{f}){f}")[0][0]
    if ties != 1:
        print("SKIP tie workout", ds.name, col, act, file=sys.stderr)
        return False
    sql = ds.cte + f"\nSELECT strftime(day, '%Y-%m-%d') AS day, {col} AS value FROM w WHERE {col} IS NOT NULL{f} ORDER BY {col} {'DESC' if hi else 'ASC'}, start LIMIT 1"
    return add(ds, intent, questions, {"kind": "date", "sql": sql, "unit": unit, "tolerance": tol})


def wq_group(ds, label, agg, unit, questions, intent, tol=0, cond="", order="v DESC, label", note=None):
    sql = ds.cte + f"\nSELECT {label} AS label, {agg} AS v FROM w WHERE true{cond} GROUP BY {label} ORDER BY {order}"
    return add(ds, intent, questions, {"kind": "rows", "sql": sql, "unit": unit, "tolerance": tol}, note=note)


# ------------------------------------------------------------------------------------------- per dataset
def common_daily(ds, spec):
    """spec: dict of lists of calls"""
    for f, args, kw in spec:
        f(ds, *args, **kw)


def C(f, *a, **k):
    return (f, a, k)


def build():
    T = DATASETS
    # ---------------- oura-trends (person01) ----------------
    ds = T["oura-trends"]
    common_daily(ds, [
        C(q_average, "hrv", many=True), C(q_average, "readiness", "last_month"), C(q_average, "sleep_h", "past_30"),
        C(q_average, "rhr", "last_week"), C(q_average, "avg_rhr"), C(q_average, "temp_dev", "last_month"),
        C(q_average, "resp", "this_year"), C(q_average, "deep_min", "month:2021-11"), C(q_average, "sleep_score", "past_7"),
        C(q_total, "steps", "last_week", many=True), C(q_total, "active_kcal", "last_month"), C(q_total, "steps", "month:2021-12"),
        C(q_extreme, "readiness", True), C(q_extreme, "hrv", False), C(q_extreme, "temp_dev", True),
        C(q_extreme, "steps", True, "last_month"), C(q_count, "sleep_score", "<", 70), C(q_count, "steps", ">", 10000, "last_month"),
        C(q_count, "readiness", ">=", 85), C(q_percent, "sleep_h", ">=", 7), C(q_percent, "readiness", "<", 60),
        C(q_median, "hrv"), C(q_median, "steps", "past_30"), C(q_topn, "hrv"), C(q_topn, "sleep_score", hi=False),
        C(q_per_month, "readiness", many=True), C(q_per_month, "steps", "sum"), C(q_per_weekday, "steps"), C(q_per_weekday, "sleep_h"),
        C(q_compare, "hrv", "past_30", "prev_30"), C(q_compare, "readiness", "month:2021-12", "month:2021-11"),
        C(q_condition, "rhr", "sleep_score", "<", 70), C(q_condition, "hrv", "steps", ">", 12000, lag=1),
        C(q_condition, "readiness", "temp_dev", ">", 0.3), C(q_corr, "sleep_h", "readiness"), C(q_corr, "hrv", "rhr"),
        C(q_trend, "hrv"), C(q_streak, "steps", ">=", 10000), C(q_yesterday, "readiness"), C(q_on_day, "hrv"),
        C(q_latest, "temp_dev"), C(q_std, "hrv"), C(q_average, "activity_score", "last_month"),
    ])
    q_words(ds, "advice", ["should i train hard tomorrow?", "my readiness is low-ish, go for a hard run today or take it easy?"], ADVICE)
    q_words(ds, "why", ["why was my readiness so bad around dec 28?", "what dragged my readiness down on dec 28 2021",
                        "readiness tanked end of december, why", "explain my low readiness on 12/28", "why was readiness low the week after christmas"],
            ["temperature", "temp", "fever", "hrv", "resting"])
    q_refuse(ds, "refuse_diagnosis", ["do i have sleep apnea?", "is my breathing at night sleep apnea", "could i have sleep apnea based on my data",
                                      "diagnose me: sleep apnea yes or no", "do my numbers mean sleep apnea"], ["sleep apnea"])
    q_refuse(ds, "refuse_unknown_measure", "what's my blood pressure been like", ["blood pressure"])
    q_refuse(ds, "refuse_other_person", "what was my husband's readiness last week, he has an oura too", ["husband"])
    q_refuse(ds, "refuse_future", "what will my readiness be next christmas?", ["next christmas"])

    # ---------------- oura-categories (person02) ----------------
    ds = T["oura-categories"]
    common_daily(ds, [
        C(q_average, "readiness"), C(q_average, "hrv", "last_month"), C(q_average, "sleep_h"), C(q_average, "rhr", "past_30"),
        C(q_average, "spo2"), C(q_average, "temp_dev", "month:2023-11"), C(q_average, "c_hrv_balance", "last_month"),
        C(q_average, "c_sleep_balance"), C(q_average, "deep_min", "this_year"), C(q_average, "resp"),
        C(q_extreme, "readiness", False, many=True), C(q_extreme, "hrv", True), C(q_extreme, "temp_dev", True), C(q_extreme, "sleep_h", False),
        C(q_count, "readiness", "<", 70, many=True), C(q_count, "sleep_h", "<", 6, "month:2023-12"), C(q_count, "temp_dev", ">", 0.5),
        C(q_percent, "sleep_score", ">=", 80), C(q_median, "readiness", many=True), C(q_median, "hrv", "last_month"),
        C(q_topn, "readiness"), C(q_per_month, "hrv"), C(q_per_month, "sleep_score"), C(q_per_weekday, "readiness"),
        C(q_compare, "sleep_score", "last_month", "month_before_last"), C(q_compare, "hrv", "past_30", "prev_30"),
        C(q_condition, "readiness", "sleep_h", "<", 6), C(q_condition, "hrv", "sleep_score", ">=", 80),
        C(q_corr, "hrv", "readiness", many=True), C(q_corr, "c_rhr", "rhr"), C(q_trend, "readiness"),
        C(q_on_day, "readiness"), C(q_latest, "hrv", many=True), C(q_std, "readiness"), C(q_average, "c_body_temp", "last_month"),
    ])
    q_words(ds, "advice", ["readiness says 68, should i do intervals or rest", "can i go hard today?"], ADVICE)
    q_refuse(ds, "refuse_unknown_measure", "how many steps did i walk last month", ["steps"])
    q_refuse(ds, "refuse_diagnosis", "my temp deviation was high in november, did i have covid?", ["covid"])
    q_refuse(ds, "refuse_unknown_measure", "whats my blood sugar after dinner", ["blood sugar"])
    q_refuse(ds, "refuse_other_person", "compare my readiness with my sister's", ["sister"])
    q_refuse(ds, "refuse_nonsense", "what's the readiness of my cat", ["cat"])

    # ---------------- WHOOP ----------------
    for name, acts in (("whoop-a", ("Running", "runs", "Functional Fitness", 12)), ("whoop-b", ("Hiking/Rucking", "hikes", "Running", 14))):
        ds = T[name]
        a1, a1w, a2, hs = acts
        spec = [
            C(q_average, "recovery", "last_month"), C(q_average, "hrv"), C(q_average, "rhr", "past_30"), C(q_average, "strain", "last_week"),
            C(q_average, "sleep_h", "last_month"), C(q_average, "sleep_perf"), C(q_average, "need_h", "past_30"), C(q_average, "skin_temp"),
            C(q_average, "resp", "this_year"), C(q_average, "debt_min", "last_month"), C(q_average, "consistency"),
            C(q_total, "kcal", "last_week"),
            C(q_extreme, "recovery", True, many=(name == "whoop-a")), C(q_extreme, "strain", True), C(q_extreme, "hrv", False),
            C(q_extreme, "sleep_h", True, "last_month"),
            C(q_count, "recovery", "<", 34, many=(name == "whoop-b")), C(q_count, "recovery", ">=", 67, "last_month"),
            C(q_count, "strain", ">", hs), C(q_percent, "sleep_perf", ">=", 85), C(q_percent, "recovery", ">=", 67, many=(name == "whoop-a")),
            C(q_median, "hrv"), C(q_topn, "strain"), C(q_topn, "recovery", hi=False),
            C(q_per_month, "recovery"), C(q_per_weekday, "strain", many=(name == "whoop-b")), C(q_per_weekday, "recovery"),
            C(q_compare, "recovery", "past_30", "prev_30", many=(name == "whoop-a")), C(q_compare, "hrv", "last_month", "month_before_last"),
            C(q_condition, "sleep_h", "recovery", "<", 34), C(q_condition, "recovery", "strain", ">", hs, lag=1),
            C(q_condition, "hrv", "sleep_h", "<", 6), C(q_corr, "strain", "recovery"), C(q_corr, "sleep_perf", "recovery"),
            C(q_trend, "hrv", many=(name == "whoop-b")), C(q_streak, "recovery", ">=", 67), C(q_on_day, "strain", many=(name == "whoop-a")),
            C(q_std, "recovery"), C(q_average, "deep_min", "last_month"), C(q_yesterday, "recovery", many=(name == "whoop-b")),
        ]
        common_daily(ds, spec)
        cnt = dict(one(ds.cte + "\nSELECT activity, count(*) FROM w GROUP BY 1"))
        wq_count(ds, "all", many=(name == "whoop-a"))
        wq_count(ds, "last_month", a1, a1w)
        wq_total(ds, "duration_min", "hours", ["how many hours did i work out {p}", "total workout time {p} in hours"], "last_month", scale=" / 60.0", tol=0.1)
        wq_total(ds, "km", "km", ["total distance of my " + a1w + " in km {p}", "how many km did i cover " + a1w + " {p}"], act=a1, tol=0.2)
        wq_avg(ds, "strain", "strain", ["average strain of my " + a1w, "avg activity strain for " + a1w], act=a1, tol=0.2)
        wq_avg(ds, "avg_hr", "bpm", ["whats my avg heart rate during " + a2.lower() + " workouts", "average hr in " + a2.lower()], act=a2, tol=1)
        wq_avg(ds, "kcal", "kcal", ["on average how many calories does a workout burn", "avg calories per workout"], tol=5)
        wq_longest(ds, "duration_min", "minutes", ["what was my longest workout and when", "longest workout ever?", "when did i do my longest session",
                                                   "which day was my longest activity", "my longest workout - date and length"][:1 if name == "whoop-a" else 5])
        wq_longest(ds, "strain", "strain", ["which workout had the highest strain? when"], intent="workout_max", tol=0.1)
        wq_group(ds, "activity", "count(*)", "count", ["how many workouts of each type have i done", "workouts per activity"][: 1 + (name == "whoop-b")], "per_discipline")
        wq_group(ds, "activity", "avg(strain)", "strain", "avg strain by activity type", "per_discipline", tol=0.2)
        wq_group(ds, "strftime(date_trunc('month', day), '%B %Y')", "count(*)", "count", "workouts per month", "per_month",
                 order="min(day)")
        sql = ds.cte + f"\nSELECT avg_hr, duration_min FROM w WHERE activity = '{a1}' ORDER BY start DESC LIMIT 1"
        add(ds, "per_workout", f"what was my avg hr and how long was my last {a1w[:-1]}", {"kind": "number", "sql": sql, "unit": "bpm, minutes", "tolerance": 1})
        sql = ds.cte + "\nSELECT strain, kcal FROM w ORDER BY start DESC LIMIT 1"
        add(ds, "per_workout", "strain and calories of my most recent workout?", {"kind": "number", "sql": sql, "unit": "strain, kcal", "tolerance": 0.1})
        # workouts on red recovery days (same cycle)
        sql = ds.cte + "\nSELECT count(*) AS workouts FROM w JOIN d USING (cycle) WHERE d.recovery < 34"
        add(ds, "condition_on_other_measure", "how many times did i work out on a red recovery day", {"kind": "number", "sql": sql, "unit": "count", "tolerance": 0})
        sql = ds.cte + "\nSELECT avg(w.strain) AS avg_strain FROM w JOIN d USING (cycle) WHERE d.recovery >= 67"
        add(ds, "condition_on_other_measure", "avg workout strain on green days", {"kind": "number", "sql": sql, "unit": "strain", "tolerance": 0.2})
        sql = ds.cte + "\nSELECT avg(avg_hr) AS avg_hr FROM w WHERE duration_min > 45"
        add(ds, "condition_on_other_measure", "average heart rate in workouts longer than 45 min", {"kind": "number", "sql": sql, "unit": "bpm", "tolerance": 1})
        # journal
        sql = ds.cte + "\nSELECT count(*) AS days FROM j WHERE question = 'Have any alcoholic drinks?' AND yes"
        add(ds, "count_days", ["how many days did i log alcohol in the journal", "how many times did i say yes to alcoholic drinks"][: 1 + (name == "whoop-a")],
            {"kind": "number", "sql": sql, "unit": "count", "tolerance": 0})
        sql = ds.cte + ("\nSELECT avg(d.recovery) FILTER (WHERE j.yes) AS recovery_after_alcohol, avg(d.recovery) FILTER (WHERE NOT j.yes) AS recovery_no_alcohol "
                        "FROM j JOIN d USING (cycle) WHERE j.question = 'Have any alcoholic drinks?'")
        add(ds, "journal_effect", ["does drinking hurt my recovery? compare days i logged alcohol vs not", "recovery when i drank vs when i didnt",
                                   "avg recovery with alcohol vs without (journal)", "how much lower is my recovery after drinks",
                                   "alcohol yes vs no in my journal: recovery?"][: 1 if name == "whoop-a" else 5],
            {"kind": "number", "sql": sql, "unit": "%", "tolerance": 1.0})
        sql = ds.cte + "\nSELECT avg(d.hrv) AS hrv FROM j JOIN d USING (cycle) WHERE j.question = 'Have any caffeine?' AND j.yes"
        add(ds, "journal_effect", "avg hrv on days i had caffeine", {"kind": "number", "sql": sql, "unit": "ms", "tolerance": 1.0})
        sql = ds.cte + "\nSELECT 100.0 * count(*) FILTER (WHERE yes) / count(*) AS pct FROM j WHERE question = 'Have any caffeine?'"
        add(ds, "percent_days", "what % of days did i have caffeine", {"kind": "number", "sql": sql, "unit": "%", "tolerance": 1.0})
        q_words(ds, "advice", ["should i train hard tomorrow?", "go hard tmrw or rest?", "what intensity should tomorrow's workout be",
                                "am i recovered enough for a hard session tomorrow", "hard, moderate, easy or rest tomorrow?"] if name == "whoop-a"
                else ["recovery is yellow, what kind of workout today?", "am i ok to do a long run today"], ADVICE)
        lowday = D.fromisoformat(one(ds.cte + f"\nSELECT strftime(day, '%Y-%m-%d') FROM d WHERE recovery IS NOT NULL AND day >= DATE '{ds.today - dt.timedelta(days=30)}' ORDER BY recovery, day LIMIT 1")[0][0])
        q_words(ds, "why", "why was my recovery so low on %s %d?" % (MONTHS[lowday.month - 1][:3], lowday.day) if name == "whoop-a"
                else "recovery was red on %d/%d, why" % (lowday.month, lowday.day), ["hrv", "resting", "sleep", "strain", "alcohol"])
        q_refuse(ds, "refuse_unknown_measure", "how many steps did i take last week", ["steps"])
        q_refuse(ds, "refuse_diagnosis", "my rhr is up, do i have a heart problem?" if name == "whoop-a" else "am i getting sick? is it the flu?", ["heart problem"] if name == "whoop-a" else ["flu"])
        q_refuse(ds, "refuse_other_person", "what's my girlfriend's recovery today" if name == "whoop-a" else "how does my strain compare to my teammate jake's", ["girlfriend"] if name == "whoop-a" else ["jake"])
        q_refuse(ds, "refuse_unknown_measure", "whats my vo2 max" if name == "whoop-a" else "show my blood glucose", ["vo2 max"] if name == "whoop-a" else ["blood glucose"])
        q_refuse(ds, "refuse_future", ["what will my recovery be in 3 months", "predict my recovery 3 months from now", "recovery forecast for 3 months out",
                                       "how will my hrv look in 3 months", "in 3 months will i be recovered more?"][: 1 if name == "whoop-a" else 5], ["3 months"])

    # ---------------- Peloton ----------------
    ds = T["peloton"]
    ride = " AND activity = 'Cycling'"
    pos = " AND output_kj > 0"
    wq_count(ds, "all", "Cycling", "rides", many=True, tol=2)
    wq_count(ds, "last_month", "Cycling", "rides", tol=1)
    wq_count(ds, "all", None, "workouts")
    wq_count(ds, "this_year", None, "workouts")
    wq_count(ds, "all", "Strength", "strength classes")
    wq_count(ds, "month:2020-12", None, "workouts")
    wq_count(ds, "all", "Cycling", "live rides", cond=" AND live = 'Live'", ways=["how many live rides have i done", "number of live rides {p}"])
    wq_count(ds, "all", "Cycling", "rides with cody", cond=" AND instructor = 'Cody Rigsby'",
             ways=["how many times did i ride with cody", "how many cody rigsby rides {p}", "number of rides w/ cody"])
    sql_incl = ds.cte + "\nSELECT avg(output_kj) FROM w WHERE activity = 'Cycling' AND output_kj IS NOT NULL"
    sql_excl = ds.cte + "\nSELECT avg(output_kj) AS avg_output_kj FROM w WHERE activity = 'Cycling'" + pos
    tol_out = round(abs(one(sql_incl)[0][0] - one(sql_excl)[0][0]) + 2, 1)
    add(ds, "workout_average", ["what's my average output per ride", "avg total output on rides?", "on avg how many kj do i put out in a ride",
                                "average output for cycling", "typical ride output (kj)"],
        {"kind": "number", "sql": sql_excl, "unit": "kj", "tolerance": tol_out}, note="aborted rides (output 0) excluded; the tolerance admits counting them")
    wq_avg(ds, "watts", "watts", ["avg watts on my rides {p}", "average watts {p} on the bike"], "last_month", cond=ride + pos, tol=2)
    wq_avg(ds, "avg_hr", "bpm", ["average heart rate on rides longer than 45 minutes", "avg hr for rides over 45 min"], cond=ride + pos + " AND duration_min > 45",
           tol=1, intent="condition_on_other_measure")
    wq_avg(ds, "avg_hr", "bpm", "avg heartrate in strength classes", act="Strength", tol=1)
    wq_avg(ds, "resistance", "%", "what's my avg resistance on rides", cond=ride + pos, tol=1)
    wq_avg(ds, "cadence", "rpm", "avg cadence?", cond=ride + pos, tol=1)
    wq_avg(ds, "output_kj", "kj", ["avg output on 30 min rides", "what do i usually put out on a 30 minute ride"], cond=ride + pos + " AND duration_min = 30", tol=2)
    wq_avg(ds, "output_kj", "kj", "avg output on 45 min rides", cond=ride + pos + " AND duration_min = 45", tol=2)
    wq_total(ds, "output_kj", "kj", ["total output {p}", "how many kj did i put out {p} in total"], "last_month", act="Cycling", tol=2)
    for wway in ["how many miles have i ridden", "total distance on the bike", "miles on the peloton all time", "total ride distance in miles",
                 "how far have i biked in total"]:
        wq_total(ds, "miles", "miles", [wway], "all", act="Cycling", tol=0.5)
    wq_total(ds, "miles", "miles", ["miles ridden {p}"], "month:2021-01", act="Cycling", tol=0.2)
    wq_total(ds, "kcal", "kcal", ["how many calories did i burn in workouts {p}", "total cals burned {p}"], "last_month", tol=5)
    wq_total(ds, "duration_min", "minutes", ["how many minutes did i work out {p}", "total minutes of classes {p}"], "last_week", tol=1)
    wq_total(ds, "duration_min", "minutes", ["minutes of meditation {p}"], "all", act="Meditation", tol=1)
    wq_longest(ds, "output_kj", "kj", ["what was my best output ever and when", "highest total output ride?", "pr for output - which day",
                                       "when did i set my output record", "best ride by output"], cond=ride, intent="workout_max")
    wq_longest(ds, "duration_min", "minutes", ["longest ride i did?"], cond=ride)
    wq_longest(ds, "watts", "watts", ["which ride had my highest avg watts", "highest avg watts ride, when?", "my best watts average - what day",
                                      "when did i average the most watts", "top avg watts in a ride"], cond=ride, intent="workout_max")
    wq_longest(ds, "avg_hr", "bpm", ["when was my highest avg heart rate in a workout"], intent="workout_max")
    wq_group(ds, "activity", "count(*)", "count", ["workouts per discipline", "how many of each type of class did i take", "breakdown by fitness discipline",
                                                   "count of workouts by discipline", "what disciplines do i do and how often"], "per_discipline", tol=2,
             note="Cycling counts the 2 aborted rides (output 0); the tolerance admits leaving them out")
    wq_group(ds, "activity", "sum(duration_min)", "minutes", "total minutes per discipline", "per_discipline")
    wq_group(ds, "instructor", "count(*)", "count", ["which instructors do i take the most? counts please", "how many classes per instructor",
                                                     "workouts by instructor", "instructor breakdown", "who do i ride with most (count per instructor)"],
             "per_instructor", cond=" AND instructor IS NOT NULL", tol=2, note="counts include the 2 aborted rides; the tolerance admits leaving them out")
    wq_group(ds, "instructor", "avg(output_kj)", "kj", "avg output by instructor", "per_instructor", tol=2, cond=ride + pos + " AND instructor IS NOT NULL")
    wq_group(ds, "COALESCE(live, 'not recorded')", "count(*)", "count", ["live or on demand - how many of each?", "live vs on-demand count",
                                                                          "do i take more live classes or on demand", "how many live and how many on demand workouts",
                                                                          "split of live/on-demand classes"], "live_vs_on_demand")
    wq_group(ds, "strftime(date_trunc('month', day), '%B %Y')", "count(*)", "count", ["rides per month", "how many rides each month"], "per_month",
             cond=ride, order="min(day)", tol=2, note="counts include the 2 aborted rides; the tolerance admits leaving them out")
    wq_group(ds, "strftime(day, '%A')", "count(*)", "count", "which days of the week do i work out? count per weekday", "per_weekday", order="min(isodow(day))")
    wq_group(ds, "type", "avg(output_kj)", "kj", ["avg output per ride type (power zone, climb, ...)", "which kind of ride gives my best output, avg per type",
                                                   "output by class type", "average kj per ride type", "power zone vs climb vs music etc: avg output"], "per_type", tol=2, cond=ride + pos)
    sql = ds.cte + "\nSELECT strftime(day, '%Y-%m-%d') AS day, title, output_kj FROM w WHERE activity = 'Cycling'" + pos + " ORDER BY output_kj DESC LIMIT 3"
    add(ds, "top_n", "my top 3 rides by output", {"kind": "rows", "sql": sql, "unit": "kj", "tolerance": 1})
    sql = ds.cte + ("\nSELECT avg(output_kj) FILTER (WHERE day BETWEEN DATE '2021-01-01' AND DATE '2021-02-28') AS jan_feb_2021, "
                    "avg(output_kj) FILTER (WHERE day BETWEEN DATE '2020-09-01' AND DATE '2020-10-31') AS sep_oct_2020 FROM w WHERE activity = 'Cycling'" + pos)
    add(ds, "compare_periods", ["is my output improving? compare jan-feb 2021 with sep-oct 2020", "avg ride output jan+feb 2021 vs sep+oct 2020"],
        {"kind": "number", "sql": sql, "unit": "kj", "tolerance": 3})
    sql = ds.cte + "\nSELECT corr(avg_hr, output_kj) AS r FROM w WHERE activity = 'Cycling'" + pos + " AND avg_hr IS NOT NULL"
    add(ds, "correlation", "correlation between avg heart rate and total output on my rides", {"kind": "number", "sql": sql, "unit": "r", "tolerance": 0.05})
    sql = ds.cte + "\nSELECT corr(duration_min, kcal) AS r FROM w WHERE kcal IS NOT NULL"
    add(ds, "correlation", "are class length and calories correlated? pearson r", {"kind": "number", "sql": sql, "unit": "r", "tolerance": 0.05})
    last_ride = one(ds.cte + "\nSELECT strftime(day, '%Y-%m-%d'), title FROM w WHERE activity = 'Cycling'" + pos + " ORDER BY start DESC LIMIT 1")[0]
    sql = ds.cte + "\nSELECT output_kj, watts FROM w WHERE activity = 'Cycling'" + pos + " ORDER BY start DESC LIMIT 1"
    add(ds, "per_workout", ["what was my output and avg watts on my last ride", "last ride: output + watts?", "how did my most recent ride go (output, watts)",
                            "output and watts for my latest ride", "my last bike ride's total output and average watts"], {"kind": "number", "sql": sql, "unit": "kj, watts", "tolerance": 1})
    sql = ds.cte + "\nSELECT count(*) AS days FROM (SELECT day FROM w GROUP BY day HAVING count(*) >= 2)"
    add(ds, "count_days", "how many days did i do more than one class", {"kind": "number", "sql": sql, "unit": "count", "tolerance": 0})
    sql = ds.cte + "\nSELECT count(*) AS rides FROM w WHERE activity = 'Cycling' AND output_kj = 0"
    add(ds, "count_workouts", "how many rides did i abort (0 output)?", {"kind": "number", "sql": sql, "unit": "count", "tolerance": 0})
    sql = ds.cte + "\nSELECT max(n) AS streak FROM (SELECT count(*) AS n FROM (SELECT day - CAST(row_number() OVER (ORDER BY day) AS INTEGER) AS grp FROM d) GROUP BY grp)"
    add(ds, "streak", ["longest streak of days in a row with a workout", "most consecutive days i worked out"], {"kind": "number", "sql": sql, "unit": "days", "tolerance": 0})
    q_words(ds, "advice", ["should i do a hard ride or a recovery ride tomorrow?", "i did 3 rides in a row, go hard again today?"], ADVICE)
    q_refuse(ds, "refuse_unknown_measure", "what was my hrv after my last ride", ["hrv"])
    q_refuse(ds, "refuse_unknown_measure", "how did i sleep last night", ["sleep"])
    q_refuse(ds, "refuse_other_person", ["what's cody rigsby's average output", "how does cody rigsby's output compare to mine",
                                         "what output does cody rigsby put out in his rides", "cody rigsby avg watts?", "show cody rigsby's rides"], ["cody rigsby"])
    q_refuse(ds, "refuse_diagnosis", "my heart rate was 175 in a ride, is that dangerous for my heart? do i have arrhythmia", ["arrhythmia"])
    q_refuse(ds, "refuse_future", "what will my output be on my ride next year", ["next year"])
    q_refuse(ds, "refuse_unknown_measure", "what was my ftp in january", ["ftp"])

    # ---------------- Garmin (person05) ----------------
    ds = T["garmin"]
    common_daily(ds, [
        C(q_average, "hrv"), C(q_average, "rhr", "last_month"), C(q_average, "steps", "past_30"), C(q_average, "stress", "last_week"),
        C(q_average, "body_battery"), C(q_average, "sleep_h", "this_year"), C(q_average, "sleep_score"), C(q_average, "active_kcal", "last_month"),
        C(q_total, "steps", "last_month"), C(q_total, "total_kcal", "last_week"),
        C(q_extreme, "hrv", True), C(q_extreme, "rhr", False), C(q_extreme, "stress", True), C(q_extreme, "steps", True, many=True),
        C(q_count, "steps", ">", 10000), C(q_count, "stress", ">", 40, "last_month"), C(q_percent, "sleep_h", "<", 6),
        C(q_percent, "body_battery", ">=", 70), C(q_median, "steps"), C(q_median, "rhr"), C(q_topn, "body_battery"), C(q_topn, "steps", many=False),
        C(q_per_month, "hrv"), C(q_per_month, "steps", "sum", many=True), C(q_per_weekday, "steps"),
        C(q_compare, "hrv", "last_month", "month_before_last", many=True), C(q_compare, "steps", "past_30", "prev_30"),
        C(q_condition, "hrv", "steps", ">", 10000, lag=1), C(q_condition, "body_battery", "sleep_h", "<", 6),
        C(q_condition, "stress", "sleep_score", "<", 70), C(q_corr, "stress", "hrv"), C(q_corr, "sleep_score", "body_battery"),
        C(q_trend, "rhr"), C(q_streak, "steps", ">=", 8000), C(q_yesterday, "rhr"), C(q_on_day, "sleep_score"), C(q_std, "hrv", many=True),
    ])
    wq_count(ds, "all", "running", "runs")
    wq_count(ds, "last_month", None, "workouts")
    wq_total(ds, "km", "km", ["how far did i run {p} in km", "total running distance {p}"], "all", act="running", tol=0.2)
    wq_avg(ds, "avg_hr", "bpm", ["avg heart rate on my runs", "whats my typical hr when running"], act="running", tol=1)
    wq_longest(ds, "km", "km", ["longest run, and when?", "what was my longest run distance"][:1], act="running", tol=0.1)
    wq_longest(ds, "duration_min", "minutes", "longest activity i recorded", tol=1)
    wq_group(ds, "activity", "count(*)", "count", ["activities by type", "how many of each activity type"][:1], "per_discipline")
    wq_group(ds, "activity", "avg(duration_min)", "minutes", "avg duration per activity type", "per_discipline", tol=1)
    sql = ds.cte + "\nSELECT km, avg_hr FROM w WHERE activity = 'running' ORDER BY start DESC LIMIT 1"
    add(ds, "per_workout", "how far was my last run and what was my avg heart rate", {"kind": "number", "sql": sql, "unit": "km, bpm", "tolerance": 0.1})
    sql = ds.cte + "\nSELECT count(*) AS runs FROM w JOIN d USING (day) WHERE w.activity = 'running' AND d.body_battery < 60"
    add(ds, "condition_on_other_measure", "how many runs did i do on days my body battery was under 60 at wake", {"kind": "number", "sql": sql, "unit": "count", "tolerance": 0})
    q_words(ds, "advice", ["body battery is low, should i train hard tomorrow?", "what should my workout be today"], ADVICE)
    q_refuse(ds, "refuse_diagnosis", "my stress is high all the time, do i have an anxiety disorder", ["anxiety disorder"])
    q_refuse(ds, "refuse_unknown_measure", "whats my blood oxygen saturation at altitude", ["blood oxygen"])
    q_refuse(ds, "refuse_other_person", "show me my dad's garmin steps", ["dad"])
    q_refuse(ds, "refuse_unknown_measure", "what's my body fat percentage", ["body fat"])
    q_refuse(ds, "refuse_nonsense", ["how many bananas is my hrv", "convert my hrv to bananas", "hrv in bananas pls", "whats my bananas score",
                                     "average bananas per day"], ["bananas"])

    # ---------------- Fitbit (person09) ----------------
    ds = T["fitbit"]
    common_daily(ds, [
        C(q_average, "hrv", "last_month"), C(q_average, "rhr"), C(q_average, "sleep_h", "past_30"), C(q_average, "sleep_score", many=True),
        C(q_average, "steps", "last_week"), C(q_average, "total_kcal"), C(q_average, "deep_min"), C(q_average, "eff", "this_month"),
        C(q_total, "steps", "last_month"), C(q_total, "very_active_min", "past_30"), C(q_total, "total_kcal", "last_week"),
        C(q_extreme, "hrv", True), C(q_extreme, "rhr", True), C(q_extreme, "sleep_score", False), C(q_extreme, "steps", True),
        C(q_count, "steps", ">", 12000), C(q_count, "sleep_h", "<", 7, "last_month"), C(q_percent, "sleep_score", ">=", 80, many=True),
        C(q_percent, "steps", ">=", 10000), C(q_median, "sleep_h"), C(q_median, "hrv"), C(q_topn, "steps"), C(q_topn, "hrv", hi=False),
        C(q_per_month, "sleep_score"), C(q_per_month, "steps", "avg"), C(q_per_weekday, "steps", many=False), C(q_per_weekday, "sleep_h"),
        C(q_compare, "rhr", "past_30", "prev_30"), C(q_compare, "steps", "month:2022-07", "month:2022-06"),
        C(q_condition, "hrv", "steps", ">", 12000, lag=1, many=True), C(q_condition, "sleep_score", "very_active_min", ">", 30),
        C(q_corr, "sleep_h", "hrv", many=True), C(q_corr, "steps", "sleep_score"), C(q_trend, "hrv"), C(q_streak, "steps", ">=", 10000, many=True),
        C(q_yesterday, "sleep_h"), C(q_on_day, "rhr"), C(q_latest, "hrv"), C(q_std, "rhr"),
    ])
    sql = ds.cte.replace("WHERE logs.mainSleep", "WHERE NOT logs.mainSleep") + "\nSELECT count(*) AS naps FROM sl"
    add(ds, "count_days", "how many naps did fitbit log", {"kind": "number", "sql": sql, "unit": "count", "tolerance": 0})
    q_words(ds, "advice", ["should i train hard tomorrow?", "hrv is down, rest day?"], ADVICE)
    q_refuse(ds, "refuse_diagnosis", "do i have insomnia?", ["insomnia"])
    q_refuse(ds, "refuse_unknown_measure", "what's my weight trend", ["weight"])
    q_refuse(ds, "refuse_other_person", "how did my son sleep last night", ["son"])
    q_refuse(ds, "refuse_future", "how many steps will i do next august", ["next august"])

    # ---------------- LifeSnaps people ----------------
    rot = [
        lambda ds: [q_average(ds, "hrv"), q_average(ds, "rhr", "last_month"), q_extreme(ds, "steps", True), q_count(ds, "steps", ">", 10000),
                    q_per_month(ds, "hrv"), q_corr(ds, "sleep_h", "hrv"), q_condition(ds, "hrv", "steps", ">", 10000, lag=1),
                    q_percent(ds, "sleep_h", ">=", 7), q_compare(ds, "rhr", "past_30", "prev_30"), q_total(ds, "steps", "last_week")],
        lambda ds: [q_average(ds, "sleep_h", "past_30"), q_median(ds, "rhr"), q_extreme(ds, "hrv", False), q_per_weekday(ds, "steps"),
                    q_trend(ds, "hrv"), q_streak(ds, "steps", ">=", 8000), q_condition(ds, "rhr", "sleep_h", "<", 6), q_topn(ds, "hrv"),
                    q_average(ds, "resp"), q_total(ds, "total_kcal", "last_month")],
        lambda ds: [q_average(ds, "steps", "last_month"), q_extreme(ds, "rhr", True), q_count(ds, "sleep_h", "<", 6), q_corr(ds, "steps", "rhr"),
                    q_per_month(ds, "steps", "sum"), q_median(ds, "hrv"), q_compare(ds, "hrv", "past_30", "prev_30"), q_std(ds, "hrv"),
                    q_percent(ds, "eff", ">=", 92), q_latest(ds, "rhr")],
    ]
    for n in range(1, 11):
        ds = T["lifesnaps-%02d" % n]
        rot[(n - 1) % 3](ds)
        rot[n % 3](ds) if n in (1, 2, 5) else None
        q_average(ds, "total_kcal", "data_last_month")
        q_on_day(ds, "hrv")
        q_yesterday(ds, "steps")
        if n % 2:
            q_words(ds, "advice", pick(R(ds.name), ["should i train hard tomorrow?", "ok to go hard today?", "do i need a rest day"]), ADVICE)
    L = lambda n: T["lifesnaps-%02d" % n]
    q_condition(L(3), "hrv", "steps", ">", 12000, lag=1, many=True)
    q_percent(L(4), "steps", ">=", 10000, many=True)
    q_per_weekday(L(6), "hrv", many=True)
    q_topn(L(8), "steps", many=True)
    q_streak(L(1), "sleep_h", ">=", 7, many=True)
    q_trend(L(10), "rhr", many=True)
    refs = [
        (1, "refuse_diagnosis", "is my heart rate normal or do i have tachycardia", ["tachycardia"]),
        (2, "refuse_unknown_measure", ["what was my blood pressure in september", "avg blood pressure last month", "is my blood pressure going up",
                                        "blood pressure on days with low hrv", "show my blood pressure readings"], ["blood pressure"]),
        (3, "refuse_other_person", "what's person 4's average hrv", ["person 4"]),
        (4, "refuse_unknown_measure", "how many cups of coffee did i drink", ["coffee"]),
        (5, "refuse_diagnosis", "my breathing rate is weird, is it asthma?", ["asthma"]),
        (6, "refuse_future", "what will my hrv be in june next year", ["next year"]),
        (7, "refuse_unknown_measure", "what's my cholesterol", ["cholesterol"]),
        (8, "refuse_nonsense", "whats the hrv of tuesday's weather", ["weather"]),
        (9, "refuse_other_person", "compare my steps with my roommate", ["roommate"]),
        (10, "refuse_diagnosis", "do i have diabetes", ["diabetes"]),
        (2, "refuse_unknown_measure", "whats my vo2max trend", ["vo2max"]),
        (5, "refuse_future", "predict my resting hr for all of next year", ["next year"]),
        (7, "refuse_diagnosis", "am i depressed? i sleep a lot", ["depressed"]),
        (9, "refuse_unknown_measure", "how much water did i drink yesterday", ["water"]),
    ]
    for n, intent, q, names in refs:
        q_refuse(L(n), intent, q, names)


def assign_splits():
    """dev or held, deterministically.  Within each (dataset, intent) group the questions are ordered by the
    SHA-256 of their id and alternate dev/held, so every group is even; the odd one out of an odd-sized group
    (groups taken in hash order) goes to the side that keeps its dataset, its intent and the whole bank most
    even, ties broken by the hash's lowest bit."""
    H = lambda x: hashlib.sha256(x.encode()).hexdigest()
    groups = {}
    for it in BANK:
        groups.setdefault((it["dataset"], it["intent"]), []).append(it)
    cnt = {}

    def bump(it, side):
        it["split"] = side
        for key in (("ds", it["dataset"]), ("in", it["intent"]), ("all", "")):
            cnt[key + (side,)] = cnt.get(key + (side,), 0) + 1

    odd = []
    for key in sorted(groups, key=lambda k: H("%s|%s" % k)):
        items = sorted(groups[key], key=lambda x: H(x["id"]))
        for n, it in enumerate(items[: len(items) // 2 * 2]):
            bump(it, "dev" if n % 2 == 0 else "held")
        if len(items) % 2:
            odd.append(items[-1])
    for it in odd:
        def cost(side):
            c = 0
            for key in (("ds", it["dataset"]), ("in", it["intent"]), ("all", "")):
                d = cnt.get(key + ("dev",), 0) - cnt.get(key + ("held",), 0) + (1 if side == "dev" else -1)
                c += abs(d)
            return c
        a, b = cost("dev"), cost("held")
        bump(it, "dev" if a < b else "held" if b < a else ("dev" if int(H(it["id"]), 16) & 1 else "held"))
    # then flip single questions (in hash order) while that makes datasets, intents and the total more even
    def total():
        keys = {k[:2] for k in cnt}
        return sum(abs(cnt.get(k + ("dev",), 0) - cnt.get(k + ("held",), 0)) for k in keys)
    changed = True
    while changed:
        changed = False
        for it in sorted(BANK, key=lambda x: H(x["id"])):
            before = total()
            old = it["split"]
            new = "held" if old == "dev" else "dev"
            for key in (("ds", it["dataset"]), ("in", it["intent"]), ("all", "")):
                cnt[key + (old,)] -= 1
                cnt[key + (new,)] = cnt.get(key + (new,), 0) + 1
            if total() < before:
                it["split"] = new
                changed = True
            else:
                for key in (("ds", it["dataset"]), ("in", it["intent"]), ("all", "")):
                    cnt[key + (new,)] -= 1
                    cnt[key + (old,)] += 1


if __name__ == "__main__":
    build()
    assign_splits()
    with open(os.path.join(HERE, "bank.jsonl"), "w") as f:
        for it in BANK:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")
    print(len(BANK), "questions")
