"""A tiny DuckDB runner for the bank's own checks (not a Bio dependency).

Uses the `duckdb` Python package when it is installed; otherwise it loads the native libduckdb.so
that the DuckDB.NET.Bindings.Full NuGet package ships (set BIO_DUCKDB_LIB to point at another copy)
and talks to DuckDB's C API through ctypes.  Every value comes back as text (or None); `rows()`
turns numbers into floats.
"""
import ctypes
import glob
import os
import re

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def substitute(sql):
    """{file:<path relative to the repo root>} -> an absolute path."""
    def rep(m):
        p = os.path.normpath(os.path.join(REPO, m.group(1)))
        return p.replace("'", "''")
    return re.sub(r"\{file:([^}]+)\}", rep, sql)


class _Res(ctypes.Structure):
    _fields_ = [("a", ctypes.c_uint64), ("b", ctypes.c_uint64), ("c", ctypes.c_uint64), ("d", ctypes.c_void_p),
                ("e", ctypes.c_char_p), ("f", ctypes.c_void_p)]


class Duck:
    def __init__(self):
        self.py = None
        try:
            import duckdb  # noqa
            self.py = duckdb.connect()
            return
        except ImportError:
            pass
        cands = [os.environ.get("BIO_DUCKDB_LIB", "")] + sorted(glob.glob(os.path.expanduser(
            "~/.nuget/packages/duckdb.net.bindings.full/*/runtimes/linux-x64/native/libduckdb.so")), reverse=True)
        cands = [c for c in cands if c and os.path.exists(c)]
        if not cands:
            raise RuntimeError("no DuckDB: pip install duckdb, or set BIO_DUCKDB_LIB to a libduckdb.so")
        lib = self.lib = ctypes.CDLL(cands[0])
        lib.duckdb_column_count.restype = ctypes.c_uint64
        lib.duckdb_row_count.restype = ctypes.c_uint64
        lib.duckdb_column_name.restype = ctypes.c_char_p
        lib.duckdb_value_varchar.restype = ctypes.c_void_p
        lib.duckdb_value_is_null.restype = ctypes.c_bool
        lib.duckdb_result_error.restype = ctypes.c_char_p
        lib.duckdb_column_type.restype = ctypes.c_int
        self.db, self.con = ctypes.c_void_p(), ctypes.c_void_p()
        assert lib.duckdb_open(None, ctypes.byref(self.db)) == 0
        assert lib.duckdb_connect(self.db, ctypes.byref(self.con)) == 0

    def query(self, sql):
        """Returns (column names, column type ids or None, rows of text/None).  Raises on an error."""
        sql = substitute(sql)
        if self.py is not None:
            cur = self.py.execute(sql)
            cols = [d[0] for d in cur.description]
            out = []
            for r in cur.fetchall():
                out.append([None if v is None else (v if isinstance(v, str) else (repr(v) if isinstance(v, float) else str(v))) for v in r])
            return cols, None, out
        lib = self.lib
        r = _Res()
        st = lib.duckdb_query(self.con, sql.encode("utf-8"), ctypes.byref(r))
        try:
            if st != 0:
                raise RuntimeError(lib.duckdb_result_error(ctypes.byref(r)).decode("utf-8", "replace"))
            nc, nr = lib.duckdb_column_count(ctypes.byref(r)), lib.duckdb_row_count(ctypes.byref(r))
            cols = [lib.duckdb_column_name(ctypes.byref(r), ctypes.c_uint64(c)).decode() for c in range(nc)]
            types = [lib.duckdb_column_type(ctypes.byref(r), ctypes.c_uint64(c)) for c in range(nc)]
            rows = []
            for i in range(nr):
                row = []
                for c in range(nc):
                    if lib.duckdb_value_is_null(ctypes.byref(r), ctypes.c_uint64(c), ctypes.c_uint64(i)):
                        row.append(None)
                        continue
                    p = lib.duckdb_value_varchar(ctypes.byref(r), ctypes.c_uint64(c), ctypes.c_uint64(i))
                    row.append(ctypes.string_at(p).decode("utf-8"))
                    lib.duckdb_free(ctypes.c_void_p(p))
                rows.append(row)
            return cols, types, rows
        finally:
            lib.duckdb_destroy_result(ctypes.byref(r))

    def rows(self, sql):
        _, _, rows = self.query(sql)
        return [[num(v) for v in r] for r in rows]


def num(v):
    if v is None:
        return None
    if re.fullmatch(r"-?\d+(\.\d*)?([eE][-+]?\d+)?|-?inf|nan", v):
        f = float(v)
        return int(f) if f.is_integer() and "." not in v and "e" not in v.lower() else f
    return v
