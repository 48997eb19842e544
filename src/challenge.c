/* SPDX-License-Identifier: GPL-3.0-or-later */
/* HTTP-01 challenges: the standalone responder and the webroot files. */
#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "src/challenge.h"
#include "src/dl.h"
#include "src/i18n.h"
#include "src/xalloc.h"

#if MHD_VERSION < 0x00097002
typedef int MHD_RESULT;
#else
typedef enum MHD_Result MHD_RESULT;
#endif

struct token {
	char *token;
	char *key_authorization;
};

/* How many connections one IPv6 /64 holds. */
struct prefix_count {
	unsigned char prefix[8];
	unsigned count;
};

struct ac_responder {
	struct MHD_Daemon *daemon;
	int fd;
	int port;
	pthread_mutex_t lock;	/* guards tokens and hits */
	struct token *tokens;
	size_t ntokens;
	unsigned hits;
	/* only libmicrohttpd's thread touches these */
	struct prefix_count *prefixes;
	size_t nprefixes;
	unsigned per_address;	/* connections one address (/64) may hold */
};

/* A challenge response is short; anything bigger is not for us. */
#define MAX_TOKEN 256

bool
ac_challenge_token_ok(const char *s)
{
	size_t n = 0;

	if (!s)
		return false;
	for (; s[n]; n++) {
		char c = s[n];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
	}
	return n > 0 && n <= MAX_TOKEN;
}

static MHD_RESULT
reply(struct MHD_Connection *conn, unsigned status, const char *body)
{
	struct MHD_Response *resp;
	MHD_RESULT ret;
	char *copy = xstrdup(body);

	/* libmicrohttpd frees the copy with the response */
	resp = MHD_create_response_from_buffer(strlen(copy), copy,
					       MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(copy);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
				"text/plain");
	ret = MHD_queue_response(conn, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static MHD_RESULT
answer(void *cls, struct MHD_Connection *conn, const char *url,
       const char *method, const char *version, const char *upload_data,
       size_t *upload_size, void **con_cls)
{
	struct ac_responder *r = cls;
	const char *token;
	char *body = NULL;
	MHD_RESULT ret;

	(void)version;
	(void)upload_data;
	(void)con_cls;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return reply(conn, MHD_HTTP_METHOD_NOT_ALLOWED, "");
	if (*upload_size)
		return MHD_NO;
	if (strncmp(url, AC_CHALLENGE_PATH, strlen(AC_CHALLENGE_PATH)) != 0)
		return reply(conn, MHD_HTTP_NOT_FOUND, "");
	token = url + strlen(AC_CHALLENGE_PATH);
	pthread_mutex_lock(&r->lock);
	for (size_t i = 0; i < r->ntokens; i++) {
		if (strcmp(r->tokens[i].token, token) == 0) {
			body = xstrdup(r->tokens[i].key_authorization);
			r->hits++;
			break;
		}
	}
	pthread_mutex_unlock(&r->lock);
	if (!body)
		return reply(conn, MHD_HTTP_NOT_FOUND, "");
	ret = reply(conn, MHD_HTTP_OK, body);
	free(body);
	return ret;
}

/*
 * We bind the socket ourselves and hand it to libmicrohttpd: that way a
 * port already taken or a missing privilege is reported with errno.
 */
static int
bind_socket(const char *address, int port, struct ac_err *err)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one = 1, zero = 0;

	memset(&ss, 0, sizeof(ss));
	if (!address || !*address || strcmp(address, "::") == 0) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_addr = in6addr_any;
		s6->sin6_port = htons((uint16_t)port);
		len = sizeof(*s6);
	} else if (strchr(address, ':')) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, address, &s6->sin6_addr) != 1)
			goto bad_address;
		len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, address, &s4->sin_addr) != 1)
			goto bad_address;
		len = sizeof(*s4);
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 && ss.ss_family == AF_INET6 && (!address || !*address)) {
		/* no IPv6 on this host: every IPv4 address then */
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		memset(&ss, 0, sizeof(ss));
		s4->sin_family = AF_INET;
		s4->sin_addr.s_addr = htonl(INADDR_ANY);
		s4->sin_port = htons((uint16_t)port);
		len = sizeof(*s4);
		fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	}
	if (fd < 0) {
		ac_err_set(err, AC_ERR_NET, _("Cannot open a socket for the HTTP-01 responder."));
		ac_err_detail(err, "socket: %s", strerror(errno));
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 64) != 0) {
		int e = errno;

		close(fd);
		if (e == EADDRINUSE)
			ac_err_set_field(err, AC_FIELD_WEBROOT, AC_ERR_NET,
				   _("Port %d is already in use (a web server?): stop it, or use webroot mode with its document root."),
				   port);
		else if (e == EACCES)
			ac_err_set_field(err, AC_FIELD_WEBROOT, AC_ERR_NET,
				   _("Port %d needs root: run astcert as root, or use webroot mode."),
				   port);
		else
			ac_err_set(err, AC_ERR_NET,
				   _("Cannot listen on %s port %d for the HTTP-01 responder."),
				   address && *address ? address : "*", port);
		ac_err_detail(err, "bind: %s", strerror(e));
		return -1;
	}
	return fd;
bad_address:
	ac_err_set(err, AC_ERR_USAGE,
		   _("\"%s\" is not an IP address to listen on: give an IPv4 or IPv6 address."),
		   address);
	return -1;
}

/*
 * Anyone on the internet can connect while a challenge is served, and
 * must not crowd the CA out.  A CA's validation connects and asks at once,
 * from several addresses (one per perspective) and with a few connections
 * each (one per name of the order, three with Pebble): so each address
 * (each IPv6 /64) may hold only a share that grows with the order's names
 * (8 at least, 4 per name), one that is silent for a few seconds is
 * dropped, and the limit for all is as high as the descriptors allow, far
 * above what a handful of addresses can hold.  (A fixed share of 8 refused
 * the ninth of Pebble's nine connections for three names, now and then.)
 */
#define PER_ADDRESS_LIMIT 8u
#define PER_NAME_CONNECTIONS 4u
#define IDLE_TIMEOUT_S 3u
#define MAX_CONNECTIONS 1024u

static unsigned
connection_limit(void)
{
	struct rlimit rl;

	/* half the descriptors: the rest stay for the order's own work */
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return MAX_CONNECTIONS;
	if (rl.rlim_cur / 2 < 64)
		return 64;
	return rl.rlim_cur / 2 < MAX_CONNECTIONS ? (unsigned)(rl.rlim_cur / 2)
						 : MAX_CONNECTIONS;
}

/*
 * IPv6 gives a customer a /64: there the limit per address (which
 * libmicrohttpd counts) is worth nothing, so it holds for each /64 too.
 * False for IPv4 (and IPv4-mapped) addresses.
 */
static bool
ipv6_prefix(const struct sockaddr *sa, unsigned char prefix[8])
{
	const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;

	if (!sa || sa->sa_family != AF_INET6 ||
	    IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
		return false;
	memcpy(prefix, s6->sin6_addr.s6_addr, 8);
	return true;
}

static struct prefix_count *
find_prefix(struct ac_responder *r, const unsigned char prefix[8])
{
	for (size_t i = 0; i < r->nprefixes; i++)
		if (memcmp(r->prefixes[i].prefix, prefix, 8) == 0)
			return &r->prefixes[i];
	return NULL;
}

/* Refuses a connection from a /64 that holds its share already. */
static MHD_RESULT
accept_policy(void *cls, const struct sockaddr *addr, socklen_t len)
{
	struct ac_responder *r = cls;
	unsigned char prefix[8];
	struct prefix_count *p;

	(void)len;
	if (!ipv6_prefix(addr, prefix))
		return MHD_YES;
	p = find_prefix(r, prefix);
	return p && p->count >= r->per_address ? MHD_NO : MHD_YES;
}

static void
count_started(struct ac_responder *r, struct MHD_Connection *conn,
	      void **socket_context)
{
	const union MHD_ConnectionInfo *ci;
	unsigned char prefix[8];
	struct prefix_count *p;

	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !ipv6_prefix(ci->client_addr, prefix))
		return;
	p = find_prefix(r, prefix);
	if (!p) {
		r->prefixes = xreallocarray(r->prefixes, r->nprefixes + 1,
					    sizeof(*r->prefixes));
		p = &r->prefixes[r->nprefixes++];
		memcpy(p->prefix, prefix, 8);
		p->count = 0;
	}
	p->count++;
	*socket_context = xmalloc(8);
	memcpy(*socket_context, prefix, 8);
}

/* Counts the connections of each /64 as libmicrohttpd opens and closes
 * them (the prefix rides along as the connection's socket context). */
static void
count_connections(void *cls, struct MHD_Connection *conn,
		  void **socket_context,
		  enum MHD_ConnectionNotificationCode toe)
{
	struct ac_responder *r = cls;
	struct prefix_count *p;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		count_started(r, conn, socket_context);
		return;
	}
	if (!*socket_context)
		return;
	p = find_prefix(r, *socket_context);
	if (p && --p->count == 0)
		*p = r->prefixes[--r->nprefixes];
	free(*socket_context);
	*socket_context = NULL;
}

struct ac_responder *
ac_responder_start(const char *address, int port, struct ac_err *err)
{
	return ac_responder_start_for(address, port, 1, err);
}

struct ac_responder *
ac_responder_start_for(const char *address, int port, unsigned names,
		       struct ac_err *err)
{
	unsigned limit = connection_limit(), share;
	struct ac_responder *r;
	int fd;

	share = names > (limit / 2) / PER_NAME_CONNECTIONS
			? limit / 2 : names * PER_NAME_CONNECTIONS;
	if (share < PER_ADDRESS_LIMIT)
		share = PER_ADDRESS_LIMIT;

	if (port <= 0)
		port = AC_RESPONDER_DEFAULT_PORT;
	if (port > 65535) {
		ac_err_set(err, AC_ERR_USAGE, _("Port %d is out of range: give 1 to 65535."), port);
		return NULL;
	}
	if (!ac_dl_mhd(err))
		return NULL;
	fd = bind_socket(address, port, err);
	if (fd < 0)
		return NULL;
	r = xcalloc(1, sizeof(*r));
	r->fd = fd;
	r->port = port;
	r->per_address = share;
	pthread_mutex_init(&r->lock, NULL);
	r->daemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, 0,
		accept_policy, r, answer, r, MHD_OPTION_LISTEN_SOCKET, fd,
		MHD_OPTION_NOTIFY_CONNECTION, count_connections, r,
		MHD_OPTION_CONNECTION_LIMIT, limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, share,
		MHD_OPTION_CONNECTION_TIMEOUT, IDLE_TIMEOUT_S,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384,
		MHD_OPTION_END);
	if (!r->daemon) {
		ac_err_set(err, AC_ERR_INTERNAL, _("Cannot start the HTTP-01 responder."));
		close(fd);
		pthread_mutex_destroy(&r->lock);
		free(r);
		return NULL;
	}
	return r;
}

bool
ac_responder_add(struct ac_responder *r, const char *token,
		 const char *key_authorization)
{
	if (!r || !ac_challenge_token_ok(token) || !key_authorization)
		return false;
	pthread_mutex_lock(&r->lock);
	r->tokens = xreallocarray(r->tokens, r->ntokens + 1, sizeof(*r->tokens));
	r->tokens[r->ntokens].token = xstrdup(token);
	r->tokens[r->ntokens].key_authorization = xstrdup(key_authorization);
	r->ntokens++;
	pthread_mutex_unlock(&r->lock);
	return true;
}

void
ac_responder_remove(struct ac_responder *r, const char *token)
{
	if (!r || !token)
		return;
	pthread_mutex_lock(&r->lock);
	for (size_t i = 0; i < r->ntokens; i++) {
		if (strcmp(r->tokens[i].token, token) != 0)
			continue;
		free(r->tokens[i].token);
		free(r->tokens[i].key_authorization);
		r->tokens[i] = r->tokens[--r->ntokens];
		break;
	}
	pthread_mutex_unlock(&r->lock);
}

int
ac_responder_port(const struct ac_responder *r)
{
	return r ? r->port : 0;
}

unsigned
ac_responder_hits(struct ac_responder *r)
{
	unsigned n;

	if (!r)
		return 0;
	pthread_mutex_lock(&r->lock);
	n = r->hits;
	pthread_mutex_unlock(&r->lock);
	return n;
}

void
ac_responder_stop(struct ac_responder *r)
{
	if (!r)
		return;
	MHD_stop_daemon(r->daemon);
	close(r->fd);
	for (size_t i = 0; i < r->ntokens; i++) {
		free(r->tokens[i].token);
		free(r->tokens[i].key_authorization);
	}
	free(r->tokens);
	free(r->prefixes);
	pthread_mutex_destroy(&r->lock);
	free(r);
}
