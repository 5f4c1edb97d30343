#!/usr/bin/env python3
"""fleet_db.py - read and rewrite the host part of a fleet database's world
row (tests only): what a host that lost or gained cargo behind the
coordinator's back would have saved. The row's checksum (FNV-1a 64 over the
blob, then the host text) is recomputed so that the store accepts it.

usage: fleet_db.py DB show                 the host JSON
       fleet_db.py DB cargo SHIP ITEM QTY  give ship SHIP (1-based) QTY of ITEM
"""
import json
import sqlite3
import sys

KEY = 0x464C454554000000


def fnv(h, data):
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def main():
    db, cmd = sys.argv[1], sys.argv[2]
    con = sqlite3.connect(db)
    blob, host = con.execute("SELECT blob, host FROM chunks WHERE key = ?", (KEY,)).fetchone()
    world = json.loads(host)
    if cmd == "show":
        print(json.dumps(world))
        return
    ship, item, qty = int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
    world["ships"][ship - 1]["cargo"] = [[item, qty]]
    text = json.dumps(world, separators=(",", ":"))
    h = fnv(fnv(0xCBF29CE484222325, blob), text.encode())
    if h >= 1 << 63:
        h -= 1 << 64
    con.execute("UPDATE chunks SET host = ?, checksum = ? WHERE key = ?", (text, h, KEY))
    con.commit()


main()
