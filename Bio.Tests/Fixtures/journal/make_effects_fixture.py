# Writes effects-60.csv and effects-unbalanced.csv: mornings with a behaviour (yes 1 / no 0), a next-morning
# value, the previous day's training load and illness. Standard library only, fixed seeds: re-running it
# rewrites the same bytes. The numbers are made up in the shape of a journal (weekend drinking, training
# loads 0-150, a few ill days); nothing in Bio reads this script.
import csv, datetime, random

def write(name, seed, days, start, p_yes, effect):
    rnd = random.Random(seed)
    rows = []
    for i in range(days):
        morning = start + datetime.timedelta(days=i)
        evening = (morning - datetime.timedelta(days=1)).weekday()  # Monday 0
        yes = 1 if rnd.random() < (p_yes * 2 if evening in (4, 5) else p_yes) else 0
        load = 0 if evening in (0, 4) else round(rnd.uniform(30, 150), 1)
        ill = 1 if 20 <= i < 24 else 0
        value = 55 - 0.04 * load - (3 if evening in (5, 6) else 0) - 6 * ill + effect * yes + rnd.gauss(0, 5)
        rows.append((morning.isoformat(), yes, round(value, 1), load, ill))
    with open(name, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["morning", "yes", "value", "previous_load", "ill"])
        w.writerows(rows)

write("effects-60.csv", 22, 60, datetime.date(2026, 3, 2), 0.25, -6.0)
write("effects-unbalanced.csv", 1, 31, datetime.date(2026, 5, 11), 0.3, 1.5)
