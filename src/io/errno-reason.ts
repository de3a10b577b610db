/** File-system failures in words, the same for the files gacost reads and writes. */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a folder on the path is a file',
  EISDIR: 'it is a directory, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EIO: 'input/output error',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many levels of symbolic links',
  // zlib's, for a .gz that ends before its last block, and for one whose bytes are not what gzip
  // wrote (a damaged body, a bad checksum, bytes after its end).
  Z_BUF_ERROR: 'a truncated gzip (it ends before its compressed data does)',
  Z_DATA_ERROR: 'a corrupt gzip (its compressed data, checksum or end is not what gzip writes)',
};

/**
 * The reason a file operation failed, for a one-line error. A code outside the table gets Node's
 * description ("CODE: description, syscall 'path'") without the path, which the caller names
 * itself, quoted: the raw path may hold anything, a newline included.
 */
export function errnoReason(error: unknown): string {
  const { code = '', message = '' } = error as Partial<NodeJS.ErrnoException>;
  return REASONS[code] ?? /^[A-Z0-9_]+: ([^,\n]+)/.exec(message)?.[1] ?? (code || message);
}
