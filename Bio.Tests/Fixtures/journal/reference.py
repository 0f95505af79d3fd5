# Reference values for Bio.Tests/Journal/JournalEffectsStatsTests.cs, computed outside Bio with Debian's
# python3-scipy 1.10.1 and python3-statsmodels 0.13.5 (numpy 1.24.2, pandas 1.5.3, Python 3.11.2):
#   /usr/bin/python3 Bio.Tests/Fixtures/journal/reference.py
# It prints repr() of each number; the test pastes them.
import pandas as pd
from scipy import stats
import statsmodels.formula.api as smf
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW
from statsmodels.stats.multitest import multipletests

here = "Bio.Tests/Fixtures/journal/"
for name in ["effects-60.csv", "effects-unbalanced.csv"]:
    d = pd.read_csv(here + name)
    # The weekday of the evening before the morning (Monday 0), as a category.
    d["weekday"] = (pd.to_datetime(d["morning"]) - pd.Timedelta(days=1)).dt.dayofweek
    yes, no = d.loc[d.yes == 1, "value"], d.loc[d.yes == 0, "value"]
    t = stats.ttest_ind(yes, no, equal_var=False)
    cm = CompareMeans(DescrStatsW(yes), DescrStatsW(no))
    tstat, p, df = cm.ttest_ind(usevar="unequal")
    low, high = cm.tconfint_diff(alpha=0.05, usevar="unequal")
    print(name, "n_yes", len(yes), "n_no", len(no))
    print("welch diff", repr(yes.mean() - no.mean()), "se", repr(cm.std_meandiff_separatevar),
          "df", repr(df), "t", repr(t.statistic), "p", repr(t.pvalue), "low", repr(low), "high", repr(high))
    fit = smf.ols("value ~ yes + C(weekday) + previous_load + ill", data=d).fit()
    ci = fit.conf_int(alpha=0.05)
    print("ols yes", repr(fit.params["yes"]), "se", repr(fit.bse["yes"]), "t", repr(fit.tvalues["yes"]),
          "p", repr(fit.pvalues["yes"]), "low", repr(ci.loc["yes", 0]), "high", repr(ci.loc["yes", 1]), "df_resid", repr(fit.df_resid))
    print("ols load", repr(fit.params["previous_load"]), "se", repr(fit.bse["previous_load"]), "ill", repr(fit.params["ill"]), "se", repr(fit.bse["ill"]))

p = [0.0004, 0.019, 0.031, 0.2, 0.044, 0.9, 0.012, 0.6, 0.048, 0.07]
print("bh", [repr(v) for v in multipletests(p, alpha=0.10, method="fdr_bh")[1]])
print("bh reject at 0.10", list(multipletests(p, alpha=0.10, method="fdr_bh")[0]))
print("t975", [repr(stats.t.ppf(0.975, df)) for df in [3, 10.5, 27.318, 200]])
