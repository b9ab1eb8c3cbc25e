/**
 * Native modules are compiled at install time (npm may block install scripts): load each one and
 * make it do real work, so a missing or mismatched binary fails here with a clear name.
 */
import Database from 'better-sqlite3';

describe('native modules', () => {
  it('better-sqlite3 loads and runs a query', () => {
    const db = new Database(':memory:');
    try {
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
      db.prepare('INSERT INTO t (name) VALUES (?), (?)').run('Seattle', 'London');
      expect(db.prepare("SELECT count(*) AS n, group_concat(name, ',') AS names FROM t").get()).toEqual({
        n: 2,
        names: 'Seattle,London',
      });
      expect(db.pragma('journal_mode', { simple: true })).toBe('memory');
    } finally {
      db.close();
    }
  });
});
