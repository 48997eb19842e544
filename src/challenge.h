/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTTP-01 challenges: the standalone responder and the webroot files. */
#ifndef AC_CHALLENGE_H
#define AC_CHALLENGE_H

#include <stdbool.h>

#include "src/err.h"

#define AC_CHALLENGE_PATH "/.well-known/acme-challenge/"
#define AC_RESPONDER_DEFAULT_PORT 80

/*
 * A standalone HTTP-01 responder (libmicrohttpd, its own thread).  It
 * answers GET and HEAD of AC_CHALLENGE_PATH TOKEN for the tokens added, with
 * the key authorization as text/plain; everything else is a 404.
 */
struct ac_responder;

/*
 * Binds address:port and starts serving.  address is an IPv4 or IPv6
 * literal; NULL or "" listens on every address (IPv6 and IPv4).  port 0 =
 * AC_RESPONDER_DEFAULT_PORT.  Fails with a line saying why the port could
 * not be taken (in use, needs root, bad address).  Does not block.
 */
struct ac_responder *ac_responder_start(const char *address, int port,
					struct ac_err *err);

/*
 * The same for an order of names names: a CA connects once per name from
 * each of its addresses, all at once (Pebble three times), so the share of
 * one address grows with the order (ac_responder_start: one name).
 */
struct ac_responder *ac_responder_start_for(const char *address, int port,
					    unsigned names,
					    struct ac_err *err);

/*
 * Serves key_authorization at the token's path from now on (both copied).
 * The token must be base64url (RFC 8555 8.3); false for anything else.
 * Thread-safe: may be called while requests are being answered.
 */
bool ac_responder_add(struct ac_responder *r, const char *token,
		      const char *key_authorization);

/* Stops serving the token (thread-safe; unknown tokens are ignored). */
void ac_responder_remove(struct ac_responder *r, const char *token);

/* The port bound. */
int ac_responder_port(const struct ac_responder *r);

/* How many challenge requests were answered with 200 (for tests). */
unsigned ac_responder_hits(struct ac_responder *r);

/* Stops the server, waits for its thread, frees everything; NULL = no-op. */
void ac_responder_stop(struct ac_responder *r);

/*
 * Webroot mode: the web server already on port 80 serves DIR, which
 * belongs to the web server's user.  Nothing in it is trusted: every
 * directory is opened from the one above without following links, and the
 * files are created and removed through their directory's descriptor.
 */
struct ac_webroot;

/*
 * Walks to DIR and opens DIR/.well-known/acme-challenge, creating the
 * directories missing (0755 whatever the umask).  Symbolic links in DIR
 * are followed only when root made them in a directory only root can
 * write; directories above DIR must belong to root or to DIR's owner, and
 * not be writable by every user (unless sticky); .well-known and
 * acme-challenge must be real directories of root or DIR's owner.
 * Otherwise NULL with one line naming the path.
 */
struct ac_webroot *ac_webroot_open(const char *dir, struct ac_err *err);

/*
 * Writes the token's file (mode 0644 whatever the umask).  The token must
 * be base64url.  A file or link already there under that name (left by a
 * killed run, or planted) is unlinked, never opened; a directory there is
 * refused.
 */
bool ac_webroot_put(struct ac_webroot *w, const char *token,
		    const char *key_authorization, struct ac_err *err);

/*
 * Removes the files put and the directories open created when they are
 * left empty, then frees w; NULL is a no-op.  Errors are ignored: it is
 * cleanup.
 */
void ac_webroot_close(struct ac_webroot *w);

/* True when s is a non-empty base64url string (the only valid tokens). */
bool ac_challenge_token_ok(const char *s);

#endif
