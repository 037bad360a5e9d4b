/* outset.c (output files written whole or not at all: temporaries beside
 * the targets, renamed together at commit; CSV and JSON string writers) */
#include "data.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
	char *path; /* final name */
	char *shown; /* the name messages give: as the caller gave it */
	char *tmp;  /* temporary beside it; NULL once renamed */
	FILE *f;
	int slot; /* its name's slot for a signal (below), or -1 */
} out_file;

/* The temporaries a signal must not leave behind (Ctrl-C, a SIGTERM): each
 * name is copied into a fixed slot, as a handler may only read memory and
 * call unlink. While a set is renamed into place a signal waits for the
 * renames to end, so the set stays whole. */
enum {
	TMP_SLOTS = 32,
	TMP_NAME = 4096
};
static char tmp_name[TMP_SLOTS][TMP_NAME];
static volatile sig_atomic_t tmp_used[TMP_SLOTS], renaming, pending;
/* The folders a set made (mkdir -p), removed with the temporaries: a
 * failed run leaves none behind. Parents are made first, so a later slot
 * is never a parent of an earlier one, unless a slot was reused: the
 * handler goes over them until nothing more is removed. */
enum {
	DIR_SLOTS = 16
};
static char dir_name[DIR_SLOTS][TMP_NAME];
static volatile sig_atomic_t dir_used[DIR_SLOTS];

static void remove_temporaries(void)
{
	for (int i = 0; i < TMP_SLOTS; i++)
		if (tmp_used[i])
			unlink(tmp_name[i]);
	for (int again = 1, rounds = 0; again && rounds < DIR_SLOTS; rounds++) {
		again = 0;
		for (int i = DIR_SLOTS; i-- > 0;)
			if (dir_used[i] && rmdir(dir_name[i]) == 0) {
				dir_used[i] = 0;
				again = 1;
			}
	}
}

static void on_signal(int sig)
{
	if (renaming) {
		pending = sig;
		return;
	}
	remove_temporaries();
	signal(sig, SIG_DFL);
	raise(sig); /* ends the process as the signal would have */
}

void nv_outset_signals(void)
{
	nv_on_fatal(remove_temporaries); /* out of memory too */
	/* past a file size limit (ulimit -f) a write fails with EFBIG, said
	 * as any write error, instead of the signal ending the run */
	signal(SIGXFSZ, SIG_IGN);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	const int sig[] = {SIGINT, SIGTERM, SIGHUP};
	for (size_t k = 0; k < sizeof sig / sizeof *sig; k++) {
		struct sigaction old;
		/* an ignored signal (nohup) stays ignored */
		if (sigaction(sig[k], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sig[k], &sa, NULL);
	}
}

static int slot_take(char names[][TMP_NAME], volatile sig_atomic_t *used, int n, const char *name)
{
	size_t len = strlen(name);
	for (int i = 0; i < n && len < TMP_NAME; i++)
		if (!used[i]) {
			memcpy(names[i], name, len + 1);
			used[i] = 1;
			return i;
		}
	return -1; /* past the slots: left to nv_outset_free alone */
}

static void slot_drop(volatile sig_atomic_t *used, int *slot)
{
	if (*slot >= 0)
		used[*slot] = 0;
	*slot = -1;
}

typedef struct {
	char *path;
	int slot; /* its slot for a signal, or -1 */
} made_dir;

struct nv_outset {
	size_t n, cap;
	out_file *file;
	int committed, kept; /* kept: committed whole */
	size_t n_made;
	made_dir *made; /* folders the set created, removed again unless kept */
};

nv_outset *nv_outset_new(void) { return nv_xcalloc(1, sizeof(nv_outset)); }

/* mkdir -p of the folder part of path. 0, or -1 with errno. */
static int make_parents(nv_outset *o, const char *path)
{
	char *dir = nv_xstrdup(path);
	int rc = 0;
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0777) == 0) {
			/* in a slot at once: a signal from here on removes it */
			int slot = slot_take(dir_name, dir_used, DIR_SLOTS, dir);
			o->made = nv_xreallocarray(o->made, o->n_made + 1, sizeof *o->made);
			o->made[o->n_made++] = (made_dir){nv_xstrdup(dir), slot};
		} else if (errno != EEXIST) {
			rc = -1;
			break;
		}
		*p = '/';
	}
	free(dir);
	return rc;
}

/* The file a symbolic link names, link after link (a dangling one: the
 * file it would name), so that the rename replaces that file, as a shell's
 * > writes through the link, and not the link itself; the path itself
 * when it is no link. NULL with errno ELOOP past 40 links, and EACCES for
 * a link in a folder anyone may write to and only owners may delete from
 * (/tmp) that belongs neither to this user nor to the folder's owner: the
 * kernel's protected_symlinks refuses a shell's > there. Caller frees. */
static char *link_target(const char *path)
{
	char *p = nv_xstrdup(path);
	struct stat st;
	for (int depth = 0; lstat(p, &st) == 0 && S_ISLNK(st.st_mode); depth++) {
		const char *slash = strrchr(p, '/');
		char *dir = slash ? nv_xasprintf("%.*s", (int)(slash - p) + 1, p) : nv_xstrdup(".");
		struct stat ds;
		int shared = stat(dir, &ds) == 0 && (ds.st_mode & S_ISVTX) &&
		             (ds.st_mode & S_IWOTH) && st.st_uid != geteuid() &&
		             st.st_uid != ds.st_uid;
		free(dir);
		if (depth == 40 || shared) {
			free(p);
			errno = shared ? EACCES : ELOOP;
			return NULL;
		}
		size_t size = (size_t)st.st_size + 1 > 256 ? (size_t)st.st_size + 1 : 256;
		char *to = nv_xmalloc(size);
		ssize_t n = readlink(p, to, size);
		if (n < 0 || (size_t)n >= size) {
			free(to);
			break; /* changed under us: the open says what is wrong */
		}
		to[n] = '\0';
		char *next = to[0] == '/' || !slash
		                     ? nv_xstrdup(to)
		                     : nv_xasprintf("%.*s/%s", (int)(slash - p), p, to);
		free(to);
		free(p);
		p = next;
	}
	return p;
}

/* nv_outset_open's temporary for path, the file itself (shown: the name
 * as the caller gave it, for messages). */
static FILE *open_at(nv_outset *o, const char *path, const char *shown, nv_diag *diag)
{
	if (make_parents(o, path) != 0) {
		nv_diag_error(diag, shown, 0, NULL, "cannot create its folder: %s",
		              strerror(errno));
		return NULL;
	}
	static unsigned counter;
	char *tmp = NULL;
	int fd = -1, slot = -1;
	for (int tries = 0; tries < 100 && fd < 0; tries++) {
		free(tmp);
		slot_drop(tmp_used, &slot);
		/* beside it; a name near the 255-byte limit gets a short one */
		const char *slash = strrchr(path, '/');
		size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
		if (strlen(path) - dirlen <= 200)
			tmp = nv_xasprintf("%s.tmp-%ld-%u", path, (long)getpid(), counter++);
		else
			tmp = nv_xasprintf("%.*s.nastavnik-%ld-%u.tmp", (int)dirlen, path,
			                   (long)getpid(), counter++);
		/* the name in its slot before the file exists: a signal right
		 * after the open still finds it (the name is this process's; an
		 * EEXIST is a temporary an earlier process of the same pid left) */
		slot = slot_take(tmp_name, tmp_used, TMP_SLOTS, tmp);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		int err = errno;
		slot_drop(tmp_used, &slot);
		nv_diag_error(diag, shown, 0, NULL, "cannot write: %s", strerror(err));
		free(tmp);
		return NULL;
	}
	FILE *f = fdopen(fd, "w");
	if (!f) {
		nv_diag_error(diag, shown, 0, NULL, "cannot write: %s", strerror(errno));
		close(fd);
		unlink(tmp);
		slot_drop(tmp_used, &slot);
		free(tmp);
		return NULL;
	}
	if (o->n == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 8;
		o->file = nv_xreallocarray(o->file, o->cap, sizeof *o->file);
	}
	o->file[o->n++] = (out_file){nv_xstrdup(path), nv_xstrdup(shown), tmp, f, slot};
	return f;
}

FILE *nv_outset_open(nv_outset *o, const char *shown, nv_diag *diag)
{
	NV_ASSERT(o && shown && !o->committed);
	/* a device or a pipe would be replaced by the rename: refused, as
	 * the path says it (/dev/stdout names a pipe by no path) */
	struct stat st;
	if (stat(shown, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		nv_diag_error(diag, shown, 0, NULL,
		              "cannot write: it is not a regular file (a device or a pipe)");
		return NULL;
	}
	/* messages name the path as given; the file written is the one it
	 * names through any links */
	char *path = link_target(shown);
	if (!path) {
		nv_diag_error(diag, shown, 0, NULL, "cannot write: %s%s", strerror(errno),
		              errno == EACCES
		                      ? " (a symbolic link of another user in a shared folder)"
		                      : "");
		return NULL;
	}
	FILE *f = open_at(o, path, shown, diag);
	free(path);
	return f;
}

const char *nv_outset_tmp_path(const nv_outset *o, const FILE *f)
{
	NV_ASSERT(o && f && !o->committed);
	for (size_t i = 0; i < o->n; i++)
		if (o->file[i].f == f)
			return o->file[i].tmp;
	NV_ASSERT(!"a file of the set");
	return NULL;
}

int nv_outset_commit(nv_outset *o, nv_diag *diag)
{
	NV_ASSERT(o && !o->committed);
	int rc = NV_OK;
	/* first every file complete on disk, then the renames */
	for (size_t i = 0; i < o->n; i++) {
		out_file *of = &o->file[i];
		int bad = fflush(of->f) != 0 || ferror(of->f);
		int err = errno;
		if (fclose(of->f) != 0 && !bad) {
			bad = 1;
			err = errno;
		}
		of->f = NULL;
		if (bad && rc == NV_OK) {
			nv_diag_error(diag, of->shown, 0, NULL, "cannot write: %s", strerror(err));
			rc = NV_EFAIL;
		}
	}
	/* a target that is a folder would fail its rename half-way through the
	 * set: refuse before renaming anything */
	for (size_t i = 0; rc == NV_OK && i < o->n; i++) {
		struct stat st;
		if (stat(o->file[i].path, &st) == 0 && S_ISDIR(st.st_mode)) {
			nv_diag_error(diag, o->file[i].shown, 0, NULL,
			              "cannot write: it is a folder");
			rc = NV_EFAIL;
		}
	}
	renaming = 1;
	for (size_t i = 0; rc == NV_OK && i < o->n; i++) {
		out_file *of = &o->file[i];
		if (rename(of->tmp, of->path) != 0) {
			nv_diag_error(diag, of->shown, 0, NULL, "cannot rename into place: %s",
			              strerror(errno));
			rc = NV_EFAIL;
			break;
		}
		slot_drop(tmp_used, &of->slot);
		free(of->tmp);
		of->tmp = NULL;
	}
	if (rc == NV_OK) /* the folders hold the set now: they stay */
		for (size_t i = 0; i < o->n_made; i++)
			slot_drop(dir_used, &o->made[i].slot);
	renaming = 0;
	if (pending) /* a signal came during the renames: now it ends the run */
		on_signal(pending);
	o->committed = 1;
	o->kept = rc == NV_OK;
	return rc; /* nv_outset_free removes what was not renamed */
}

void nv_outset_free(nv_outset *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n; i++) {
		out_file *of = &o->file[i];
		if (of->f)
			fclose(of->f);
		if (of->tmp) {
			unlink(of->tmp);
			slot_drop(tmp_used, &of->slot);
			free(of->tmp);
		}
		free(of->path);
		free(of->shown);
	}
	/* a failed run leaves no new folder behind, the deepest first (one
	 * that holds anything stays) */
	for (size_t i = o->n_made; i-- > 0;) {
		if (!o->kept)
			rmdir(o->made[i].path);
		slot_drop(dir_used, &o->made[i].slot);
		free(o->made[i].path);
	}
	free(o->made);
	free(o->file);
	free(o);
}

/* --- field writers --- */

void nv_csv_put(FILE *f, const char *s)
{
	if (!s)
		return;
	if (!s[strcspn(s, ",;\"\r\n\t")]) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

size_t nv_utf8_put(FILE *f, const char *s, int json)
{
	size_t len = nv_utf8_char(s, strnlen(s, 4)); /* the NUL ends a short one */
	if (len) {
		fwrite(s, 1, len, f);
		return len;
	}
	if (json) /* Python's "surrogateescape": valid JSON, read back as the byte */
		fprintf(f, "\\udc%02x", (unsigned char)*s);
	else
		fputs("\xEF\xBF\xBD", f);
	return 1;
}

void nv_json_put(FILE *f, const char *s)
{
	if (!s) {
		fputs("null", f);
		return;
	}
	putc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x80) {
			s += nv_utf8_put(f, s, 1) - 1;
			continue;
		}
		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		case '\b': fputs("\\b", f); break;
		case '\f': fputs("\\f", f); break;
		default:
			if (c < 0x20)
				fprintf(f, "\\u%04x", c);
			else
				putc(c, f);
		}
	}
	putc('"', f);
}
