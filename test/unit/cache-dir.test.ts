import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDir } from '../../src/io/user-catalog.js';

describe('the cache folder of the updated catalog', () => {
  it("follows each platform's convention, GACOST_CACHE_DIR first, and is none without a home or with GACOST_CACHE_DIR=off", () => {
    const home = { HOME: '/home/ana', LOCALAPPDATA: '/c/Users/ana/AppData/Local' };
    expect(cacheDir(home, '/', 'linux')).toBe('/home/ana/.cache/gacost');
    expect(cacheDir({ ...home, XDG_CACHE_HOME: '/var/cache/ana' }, '/', 'linux')).toBe('/var/cache/ana/gacost');
    // A relative XDG_CACHE_HOME is invalid by the XDG specification, and ignored.
    expect(cacheDir({ ...home, XDG_CACHE_HOME: 'cache' }, '/', 'linux')).toBe('/home/ana/.cache/gacost');
    expect(cacheDir(home, '/', 'darwin')).toBe('/home/ana/Library/Caches/gacost');
    expect(cacheDir(home, '/', 'win32')).toBe(join('/c/Users/ana/AppData/Local', 'gacost'));
    expect(cacheDir({ ...home, GACOST_CACHE_DIR: 'here' }, '/work', 'linux')).toBe('/work/here');
    expect(cacheDir({}, '/', 'linux')).toBeUndefined();
    // off turns the folder off, rather than naming a folder "off".
    expect(cacheDir({ ...home, GACOST_CACHE_DIR: 'off' }, '/work', 'linux')).toBeUndefined();
  });
});
