/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checks of this host: its addresses, the HTTP-01 port, the Asterisk user. */
#include <config.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "src/checks_int.h"
#include "src/i18n.h"
#include "src/store.h"

void
ac_checks_local_addresses(struct check_run *r)
{
	struct ifaddrs *ifa = NULL;
	char text[INET6_ADDRSTRLEN];

	if (r->have_local)
		return;
	r->have_local = true;
	if (getifaddrs(&ifa) != 0)
		return;
	for (struct ifaddrs *i = ifa; i; i = i->ifa_next) {
		const void *a;

		if (!i->ifa_addr)
			continue;
		if (i->ifa_addr->sa_family == AF_INET)
			a = &((const struct sockaddr_in *)(const void *)
			      i->ifa_addr)->sin_addr;
		else if (i->ifa_addr->sa_family == AF_INET6)
			a = &((const struct sockaddr_in6 *)(const void *)
			      i->ifa_addr)->sin6_addr;
		else
			continue;
		if (inet_ntop(i->ifa_addr->sa_family, a, text, sizeof(text)) &&
		    !ac_strv_contains(&r->local, text))
			ac_strv_add(&r->local, text);
	}
	freeifaddrs(ifa);
}

int
ac_checks_address_scope(const char *addr)
{
	unsigned char b[16];

	if (inet_pton(AF_INET, addr, b) == 1) {
		if (b[0] == 127)
			return 0;
		if (b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) ||
		    (b[0] == 192 && b[1] == 168) ||
		    (b[0] == 100 && (b[1] & 0xc0) == 64) ||
		    (b[0] == 169 && b[1] == 254))
			return 1;
		return 2;
	}
	if (inet_pton(AF_INET6, addr, b) == 1) {
		static const unsigned char loop[16] = { [15] = 1 };

		if (memcmp(b, loop, 16) == 0)
			return 0;
		if ((b[0] & 0xfe) == 0xfc || (b[0] == 0xfe &&
					      (b[1] & 0xc0) == 0x80))
			return 1;
		return 2;
	}
	return 1;
}

/*
 * /proc/net/tcp prints each 32-bit word of the address as the host-order
 * integer it holds in memory: read the words back the same way.
 */
static bool
proc_address(const char *hex, char *text, size_t size)
{
	unsigned char raw[16];
	size_t words = strlen(hex) / 8;
	int af = words == 4 ? AF_INET6 : AF_INET;

	if (words != 1 && words != 4)
		return false;
	for (size_t i = 0; i < words; i++) {
		char part[9];
		uint32_t w;

		memcpy(part, hex + 8 * i, 8);
		part[8] = '\0';
		w = (uint32_t)strtoul(part, NULL, 16);
		memcpy(raw + 4 * i, &w, 4);
	}
	return inet_ntop(af, raw, text, (socklen_t)size) != NULL;
}

/*
 * Inodes of the sockets listening on port, from /proc/net/tcp{,6}, and the
 * addresses they listen on (as text, "0.0.0.0" / "::" for every address).
 */
static void
listening_inodes(int port, unsigned long *inodes, size_t *n, size_t max,
		 struct ac_strv *addrs)
{
	static const char *const files[] = { "/proc/net/tcp",
					     "/proc/net/tcp6" };
	char line[512];

	*n = 0;
	for (size_t f = 0; f < 2; f++) {
		FILE *fp = fopen(files[f], "r");

		if (!fp)
			continue;
		while (fgets(line, sizeof(line), fp)) {
			unsigned int lport, state;
			unsigned long inode;
			char hex[33], text[INET6_ADDRSTRLEN];

			if (sscanf(line,
				   " %*d: %32[0-9A-Fa-f]:%x %*[0-9A-Fa-f]:%*x %x %*s %*s %*s %*u %*d %lu",
				   hex, &lport, &state, &inode) != 4)
				continue;
			/* 0x0A is TCP_LISTEN */
			if ((int)lport != port || state != 0x0A || *n >= max)
				continue;
			inodes[(*n)++] = inode;
			if (proc_address(hex, text, sizeof(text)) &&
			    !ac_strv_contains(addrs, text))
				ac_strv_add(addrs, text);
		}
		fclose(fp);
	}
}

/* "name (pid N)" of the process holding one of the inodes, or NULL. */
static char *
socket_owner(const unsigned long *inodes, size_t n)
{
	DIR *proc = opendir("/proc"), *fds;
	struct dirent *p, *f;
	char path[600], link[64], want[64], comm[64] = "";
	char *owner = NULL;

	if (!proc)
		return NULL;
	while (!owner && (p = readdir(proc))) {
		if (p->d_name[0] < '1' || p->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/fd", p->d_name);
		if (!(fds = opendir(path)))
			continue;
		while (!owner && (f = readdir(fds))) {
			ssize_t len;

			snprintf(path, sizeof(path), "/proc/%s/fd/%s",
				 p->d_name, f->d_name);
			len = readlink(path, link, sizeof(link) - 1);
			if (len <= 0)
				continue;
			link[len] = '\0';
			for (size_t i = 0; i < n && !owner; i++) {
				snprintf(want, sizeof(want), "socket:[%lu]",
					 inodes[i]);
				if (strcmp(link, want) != 0)
					continue;
				snprintf(path, sizeof(path), "/proc/%s/comm",
					 p->d_name);
				FILE *fp = fopen(path, "r");

				if (fp && fgets(comm, sizeof(comm), fp))
					comm[strcspn(comm, "\n")] = '\0';
				if (fp)
					fclose(fp);
				owner = xasprintf(_("%s (pid %s)"),
						  *comm ? comm : "?",
						  p->d_name);
			}
		}
		closedir(fds);
	}
	closedir(proc);
	return owner;
}

/* 0 when we could bind the port, else the errno. */
static int
try_bind(const char *address, int port)
{
	struct sockaddr_in6 v6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in v4 = { .sin_family = AF_INET };
	int fd, one = 1, zero = 0, rc = 0;
	bool use_v4 = false;

	v6.sin6_port = htons((unsigned short)port);
	v4.sin_port = htons((unsigned short)port);
	if (address && *address) {
		if (inet_pton(AF_INET, address, &v4.sin_addr) == 1)
			use_v4 = true;
		else if (inet_pton(AF_INET6, address, &v6.sin6_addr) != 1)
			return EINVAL;
	}
	fd = socket(use_v4 ? AF_INET : AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 && !use_v4 && !(address && *address)) {
		use_v4 = true;	/* no IPv6 on this host */
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	}
	if (fd < 0)
		return errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (!use_v4)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (use_v4 ? bind(fd, (struct sockaddr *)&v4, sizeof(v4))
		   : bind(fd, (struct sockaddr *)&v6, sizeof(v6)))
		rc = errno;
	close(fd);
	return rc;
}

/*
 * Does something answer HTTP on the port?  Asks each address it listens
 * on (loopback for the wildcard ones).  Fills r->port_state.
 */
static char *
probe_http(struct check_run *r, const struct ac_strv *addrs)
{
	struct ac_strv hosts = { 0 };
	char *server = NULL;

	for (size_t i = 0; i < addrs->n; i++) {
		const char *a = addrs->v[i];

		if (strcmp(a, "0.0.0.0") == 0)
			a = "127.0.0.1";
		else if (strcmp(a, "::") == 0)
			a = "::1";
		if (!ac_strv_contains(&hosts, a))
			ac_strv_add(&hosts, a);
	}
	if (!hosts.n) {
		ac_strv_add(&hosts, "127.0.0.1");
		ac_strv_add(&hosts, "::1");
	}
	r->port_state = PORT_PLAIN;
	for (size_t i = 0; i < hosts.n && r->port_state == PORT_PLAIN; i++) {
		struct ac_http_reply h = { 0 };
		char *url = strchr(hosts.v[i], ':')
			    ? xasprintf("http://[%s]:%d/", hosts.v[i], r->port)
			    : xasprintf("http://%s:%d/", hosts.v[i], r->port);

		if (ac_checks_http_get(r, url, false, NULL, 3, &h, NULL) &&
		    h.status) {
			r->port_state = PORT_WEB;
			server = h.server ? xstrdup(h.server) : NULL;
		}
		ac_http_reply_clear(&h);
		free(url);
	}
	ac_strv_clear(&hosts);
	return server;
}

void
ac_checks_port(struct check_run *r, struct ac_check *c)
{
	const struct ac_check_opts *o = r->opts;
	struct ac_strv addrs = { 0 };
	unsigned long inodes[16];
	size_t n;
	char *server = NULL;
	const char *who;
	int e;

	listening_inodes(r->port, inodes, &n, 16, &addrs);
	if (n && geteuid() == 0)
		r->port_owner = socket_owner(inodes, n);
	e = n ? EADDRINUSE : try_bind(o->bind_address, r->port);
	/* TRANSLATORS: holds the port, when its name is unknown */
	who = r->port_owner ? r->port_owner : _("another program");
	if (e == 0) {
		r->port_state = PORT_FREE;
		if (o->webroot)
			ac_checks_set(c, AC_STATUS_FAIL,
				      xasprintf(_("Nothing listens on port %d, so no web server serves the webroot %s."),
				      r->port, o->webroot),
				      xstrdup(_("Start the web server, or use the built-in responder instead of webroot mode.")));
		else
			ac_checks_set(c, AC_STATUS_OK,
				      xasprintf(_("Port %d is free and astcert can listen on it."),
				      r->port), NULL);
	} else if (e == EACCES || e == EPERM) {
		r->port_state = PORT_DENIED;
		ac_checks_set(c, AC_STATUS_FAIL,
			      xasprintf(_("astcert may not listen on port %d: only root (or CAP_NET_BIND_SERVICE) may."),
			      r->port),
			      xstrdup(_("Run astcert as root.")));
	} else if (e != EADDRINUSE) {
		r->port_state = PORT_DENIED;
		ac_checks_set(c, AC_STATUS_FAIL,
			      xasprintf(_("astcert cannot listen on port %d: %s."),
			      r->port, strerror(e)),
			      xstrdup(_("Check the listen address.")));
	} else if ((server = probe_http(r, &addrs)),
		   r->port_state == PORT_WEB) {
		char *desc = server ? xasprintf("%s, %s", who, server)
				    : xstrdup(who);

		if (o->webroot) {
			ac_checks_set(c, AC_STATUS_OK,
				      xasprintf(_("Port %d is held by a web server (%s); it will serve the webroot %s."),
				      r->port, desc, o->webroot), NULL);
		} else {
			ac_checks_set(c, o->standalone ? AC_STATUS_FAIL
				      : AC_STATUS_WARN,
				      xasprintf(_("Port %d is held by a web server (%s), so the built-in responder cannot listen."),
				      r->port, desc),
				  xstrdup(_("Use webroot mode with that server's document root.")));
			c->field = AC_FIELD_WEBROOT;
		}
		free(desc);
	} else {
		ac_checks_set(c, AC_STATUS_FAIL,
			      xasprintf(_("Port %d is held by %s, which does not answer HTTP."),
			      r->port, who),
			      xasprintf(_("Stop %s or move it off port %d while certificates are issued and renewed."),
			      who, r->port));
	}
	free(server);
	ac_strv_clear(&addrs);
}

/* Can the user (uid, groups) search (X) or read (R) with this mode? */
static bool
may(uid_t uid, const gid_t *groups, int ngroups, uid_t fuid, gid_t fgid,
    mode_t mode, mode_t urwx)
{
	if (uid == 0)
		return true;
	if (uid == fuid)
		return mode & urwx;
	for (int i = 0; i < ngroups; i++)
		if (groups[i] == fgid)
			return mode & (urwx >> 3);
	return mode & (urwx >> 6);
}

/* The first directory on the way to dir the user cannot enter, or NULL. */
static char *
blocked_at(const char *dir, uid_t uid, const gid_t *groups, int ngroups)
{
	char *path = xstrdup(dir), *slash = path;
	struct stat st;

	for (;;) {
		char keep;

		slash = strchr(slash + 1, '/');
		keep = slash ? *slash : '\0';
		if (slash)
			*slash = '\0';
		if (*path && stat(path, &st) == 0 &&
		    !may(uid, groups, ngroups, st.st_uid, st.st_gid,
			 st.st_mode, S_IXUSR)) {
			return path;
		}
		if (!slash)
			break;
		*slash = keep;
	}
	free(path);
	return NULL;
}

void
ac_checks_asterisk(struct check_run *r, struct ac_check *c)
{
	const struct ac_check_opts *o = r->opts;
	const char *user = o->asterisk_user ? o->asterisk_user : "asterisk";
	const char *group = o->asterisk_group ? o->asterisk_group : "asterisk";
	struct ac_owner owner = { 0 };
	char *dir = ac_path(r->ctx, o->key_dir ? o->key_dir
					      : AC_DEFAULT_KEY_DIR);
	struct passwd *pw = getpwnam(user);
	uid_t uid;
	gid_t groups[64];
	int ngroups = 64;
	char *blocked;
	struct stat st;
	mode_t mode;

	if (!pw) {
		ac_checks_set(c, AC_STATUS_WARN,
			      xasprintf(_("There is no user \"%s\" on this host: is Asterisk installed?"),
			      user),
			      xstrdup(_("Install Asterisk first, or name the user that runs it.")));
		goto out;
	}
	/* getpwnam's buffer is reused by the owner lookups below */
	uid = pw->pw_uid;
	if (getgrouplist(user, pw->pw_gid, groups, &ngroups) < 0)
		ngroups = 0;
	if (!getgrnam(group))
		ac_checks_set(c, AC_STATUS_WARN,
			      xasprintf(_("There is no group \"%s\": the key can only be shared with Asterisk through its user."),
			      group),
			      xasprintf(_("Create it and add %s to it: groupadd %s && usermod -aG %s %s"),
			      user, group, group, user));
	if (o->owner)
		ac_owner_copy(&owner, o->owner);
	else
		ac_owner_default(&owner);
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		ac_checks_set(c, AC_STATUS_WARN,
			      xasprintf(_("The key directory %s does not exist yet."),
			      dir),
			      xasprintf(_("Create it: install -d -m 0750 -o root -g %s %s"),
			      group, dir));
		goto out;
	}
	if ((blocked = blocked_at(dir, uid, groups, ngroups))) {
		ac_checks_set(c, AC_STATUS_FAIL,
			      xasprintf(_("User %s cannot enter %s, so Asterisk cannot read keys in %s."),
			      user, blocked, dir),
			      xasprintf(_("Let it in: chgrp %s %s && chmod g+x %s"),
			      group, blocked, blocked));
		free(blocked);
		goto out;
	}
	mode = ac_owner_key_mode(&owner);
	if (!may(uid, groups, ngroups, owner.uid, owner.gid, mode,
		 S_IRUSR)) {
		ac_checks_set(c, AC_STATUS_FAIL,
			      xasprintf(_("The key will be %04o %s:%s, which user %s cannot read."),
			      (unsigned)mode, owner.user, owner.group,
			      user),
			  xasprintf(_("Install it for Asterisk's group: owner root:%s"),
			      group));
		c->field = AC_FIELD_OWNER;
		goto out;
	}
	if (c->status != AC_STATUS_WARN)
		ac_checks_set(c, AC_STATUS_OK,
			      xasprintf(_("User %s can read keys installed in %s (%04o %s:%s)."),
			      user, dir, (unsigned)mode, owner.user,
			      owner.group), NULL);
out:
	ac_owner_clear(&owner);
	free(dir);
}
