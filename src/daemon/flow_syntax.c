// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Parsing the ovs-ofctl flow syntax; flow_syntax.h has the grammar,
 * flow_vocab.c the words, flow_format.c the way back.
 *
 * Parsing is one pass with a small tokenizer.  Each match field becomes a
 * "part" (a match holding only that field's bits), which is checked against
 * what the string said before (same field: same value; other fields: the
 * bits they share agree) and ORed into the spec.  Prerequisites and action
 * consistency are checked when the whole string has been read, against the
 * final match, and reported at the column of the item that needs them.
 */
#include "daemon/flow_syntax.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "daemon/flow_vocab.h"
#include "lib/util.h"

#define KEY_MAX 64  /* longest keyword we keep; longer ones are unknown */
#define VAL_MAX 256 /* longest value */
#define SHOW_MAX 72 /* a token as quoted in a message */

/* ---- Parse context and errors -------------------------------------------- */

struct field_rec {
	bool given;
	size_t pos, end; /* the item that gave it */
	struct xsw_match part;
};

struct rule_rec {
	bool given;
	size_t pos, end;
	uint64_t value, mask;
};

struct field_use {
	const struct field_def *def;
	size_t pos, end;
};

struct pctx {
	const char *str;
	size_t pos; /* tokenizer cursor */
	const struct flow_syntax_opts *opts;
	struct xsw_flow_spec *spec;
	struct xsw_err *err;

	struct field_rec fields[N_FIDS];
	struct rule_rec rules[N_RKEYS];
	/* First use of each field name, in string order (prerequisites). */
	struct field_use uses[FLOW_N_FIELDS];
	unsigned int n_uses;
	bool used[FLOW_N_FIELDS];

	bool have_actions;
	bool have_drop;
	size_t act_pos[XSW_MAX_OFACTIONS], act_end[XSW_MAX_OFACTIONS];
};

struct tok {
	size_t pos, end; /* the whole item, [pos, end) */
	size_t key_end;  /* cursor after the key */
	bool key_quoted;
	bool key_long; /* key[] holds a truncated copy */
	char key[KEY_MAX + 1];
	char delim; /* '=', ':', '(' or 0 */
	bool has_val;
	bool val_quoted;
	size_t val_pos; /* first byte of the value (its quote if quoted) */
	char val[VAL_MAX + 1];
};

/* @s for a message: at most SHOW_MAX - 4 bytes, control bytes as '?'. */
static const char *clip_n(const char *s, size_t n, char *buf)
{
	size_t max = SHOW_MAX - 4, i;

	for (i = 0; i < n && i < max; i++) {
		unsigned char ch = (unsigned char)s[i];

		buf[i] = (ch < 0x20 || ch == 0x7f) ? '?' : (char)ch;
	}
	if (i < n) {
		memcpy(buf + i, "...", 3);
		i += 3;
	}
	buf[i] = '\0';
	return buf;
}

static const char *clip(const char *s, char *buf)
{
	return clip_n(s, strlen(s), buf);
}

static const char *span(const struct pctx *c, size_t from, size_t to,
			char *buf)
{
	return clip_n(c->str + from, to - from, buf);
}

static int perr(struct pctx *c, int code, size_t pos, const char *hint,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* "<what> (at column N)[; <hint>]"; returns -code. */
static int perr(struct pctx *c, int code, size_t pos, const char *hint,
		const char *fmt, ...)
{
	char what[XSW_ERR_MSG_SIZE];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (hint)
		return xsw_err_set(c->err, code, "%s (at column %zu); %s", what,
				   pos + 1, hint);
	return xsw_err_set(c->err, code, "%s (at column %zu)", what, pos + 1);
}

static int terr(struct pctx *c, const struct tok *t, int code, size_t pos,
		const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* As perr(), prefixed with the item's text: "nw_src=1.2.3: ..." */
static int terr(struct pctx *c, const struct tok *t, int code, size_t pos,
		const char *hint, const char *fmt, ...)
{
	char what[XSW_ERR_MSG_SIZE];
	char item[SHOW_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return perr(c, code, pos, hint, "%s: %s", span(c, t->pos, t->end, item),
		    what);
}

/* ---- Tokenizer ----------------------------------------------------------- */

static bool is_sep(char ch)
{
	return ch == ',' || ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

static bool at_item_end(char ch)
{
	return ch == '\0' || is_sep(ch);
}

/* Reads the "..." at @pos into @out (@size bytes); *@endp = after it. */
static int read_quoted(struct pctx *c, size_t pos, char *out, size_t size,
		       size_t *endp)
{
	size_t i = pos + 1, n = 0;
	char buf[SHOW_MAX];

	for (;;) {
		char ch = c->str[i];

		if (ch == '\0' || (ch == '\\' && c->str[i + 1] == '\0'))
			return perr(c, EINVAL, pos, "close it with '\"'",
				    "unterminated quoted string %s",
				    span(c, pos, ch ? i + 1 : i, buf));
		if (ch == '"')
			break;
		if (ch == '\\') {
			char next = c->str[i + 1];

			if (next != '"' && next != '\\')
				return perr(c, EINVAL, i,
					    "only \\\" and \\\\ are escapes",
					    "unknown escape \"\\%c\" in quoted "
					    "string %s",
					    next, span(c, pos, i + 2, buf));
			ch = next;
			i++;
		}
		if (n + 1 >= size)
			return perr(c, EINVAL, pos, NULL,
				    "quoted string %s is too long (at most "
				    "%zu bytes)",
				    span(c, pos, i, buf), size - 1);
		out[n++] = ch;
		i++;
	}
	out[n] = '\0';
	*endp = i + 1;
	return 0;
}

/* Reads the next item's key.  Returns 1, 0 at the end of the string, or a
 * negative errno.  The value, if any, is left for read_val(). */
static int next_key(struct pctx *c, struct tok *t)
{
	size_t p = c->pos, n;
	char buf[SHOW_MAX];
	int r;

	while (is_sep(c->str[p]))
		p++;
	c->pos = p;
	if (!c->str[p])
		return 0;

	memset(t, 0, offsetof(struct tok, key));
	t->key[0] = '\0';
	t->val[0] = '\0';
	t->delim = 0;
	t->has_val = false;
	t->val_quoted = false;
	t->val_pos = 0;
	t->pos = p;
	if (c->str[p] == '"') {
		r = read_quoted(c, p, t->key, sizeof(t->key), &p);
		if (r)
			return r;
		t->key_quoted = true;
		if (!at_item_end(c->str[p]) && !strchr(":=(", c->str[p]))
			return perr(c, EINVAL, p, "separate items with ','",
				    "unexpected text after quoted string %s",
				    span(c, t->pos, p, buf));
	} else {
		n = strcspn(c->str + p, ":=(, \t\r\n");
		if (!n)
			return perr(c, EINVAL, p, NULL, "unexpected \"%c\"",
				    c->str[p]);
		t->key_long = n > KEY_MAX;
		if (t->key_long)
			n = KEY_MAX;
		memcpy(t->key, c->str + p, n);
		t->key[n] = '\0';
		p += strcspn(c->str + p, ":=(, \t\r\n");
	}
	t->key_end = p;
	t->end = p;
	if (c->str[p] == '=' || c->str[p] == ':' || c->str[p] == '(')
		t->delim = c->str[p];
	c->pos = p;
	return 1;
}

/* Reads the value after the key's delimiter (there must be one). */
static int read_val(struct pctx *c, struct tok *t)
{
	size_t p = t->key_end + 1, start = p, len;
	unsigned int depth = 0;
	char buf[SHOW_MAX];
	int r;

	t->has_val = true;
	t->val_pos = p;
	if (t->delim == '(') {
		depth = 1;
		while (c->str[p] && depth) {
			if (c->str[p] == '(')
				depth++;
			else if (c->str[p] == ')')
				depth--;
			p++;
		}
		if (depth)
			return perr(c, EINVAL, t->key_end, "close it with ')'",
				    "unbalanced parenthesis in %s",
				    span(c, t->pos, p, buf));
		len = p - 1 - start;
		if (!at_item_end(c->str[p]))
			return perr(c, EINVAL, p, "separate items with ','",
				    "unexpected text after %s",
				    span(c, t->pos, p, buf));
	} else if (c->str[p] == '"') {
		r = read_quoted(c, p, t->val, sizeof(t->val), &p);
		if (r)
			return r;
		t->val_quoted = true;
		if (!at_item_end(c->str[p]))
			return perr(c, EINVAL, p, "separate items with ','",
				    "unexpected text after quoted string %s",
				    span(c, start, p, buf));
		t->end = p;
		c->pos = p;
		return 0;
	} else {
		while (c->str[p] && (depth || !is_sep(c->str[p]))) {
			if (c->str[p] == '(')
				depth++;
			else if (c->str[p] == ')' && depth)
				depth--;
			p++;
		}
		if (depth)
			return perr(c, EINVAL, start, "close it with ')'",
				    "unbalanced parenthesis in %s",
				    span(c, t->pos, p, buf));
		len = p - start;
	}
	t->end = p;
	c->pos = p;
	if (len > VAL_MAX)
		return perr(c, EINVAL, start, NULL,
			    "value %s is too long (at most %d bytes)",
			    span(c, start, p, buf), VAL_MAX);
	memcpy(t->val, c->str + start, len);
	t->val[len] = '\0';
	return 0;
}

/* For items that take a value: read it and refuse an empty one. */
static int need_val(struct pctx *c, struct tok *t, const char *name,
		    bool quotes_ok)
{
	int r;

	if (!t->delim)
		return perr(c, EINVAL, t->pos, NULL,
			    "\"%s\" needs a value (%s=...)", name, name);
	r = read_val(c, t);
	if (r)
		return r;
	if (!t->val[0])
		return terr(c, t, EINVAL, t->val_pos, NULL,
			    "\"%s\" needs a value", name);
	if (t->val_quoted && !quotes_ok)
		return terr(c, t, EINVAL, t->val_pos, NULL,
			    "quotes are only for port names");
	return 0;
}

/* ---- Values -------------------------------------------------------------- */

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Decimal or 0x-hex, all of @s.  -EINVAL: not a number; -ERANGE: above
 * @max; -EDOM: a decimal with a leading zero (octal to ovs-ofctl). */
static int parse_num(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	const char *p;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (!s[2])
			return -EINVAL;
		for (p = s + 2; *p; p++) {
			int d = hexval(*p);

			if (d < 0)
				return -EINVAL;
			if (v > (UINT64_MAX >> 4))
				return -ERANGE;
			v = v << 4 | (uint64_t)d;
		}
	} else {
		if (!*s)
			return -EINVAL;
		for (p = s; *p; p++) {
			unsigned int d = (unsigned int)(*p - '0');

			if (*p < '0' || *p > '9')
				return -EINVAL;
			if (v > (UINT64_MAX - d) / 10)
				return -ERANGE;
			v = v * 10 + d;
		}
		if (s[0] == '0' && s[1])
			return -EDOM;
	}
	if (v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

static int num_err(struct pctx *c, const struct tok *t, size_t pos,
		   const char *text, int r, uint64_t max)
{
	char buf[SHOW_MAX];

	if (r == -ERANGE)
		return terr(c, t, EINVAL, pos, NULL,
			    "\"%s\" is out of range (0..%" PRIu64 ")",
			    clip(text, buf), max);
	if (r == -EDOM)
		return terr(c, t, EINVAL, pos,
			    "write it without the zero, or in hex as 0x...",
			    "\"%s\" has a leading zero, which ovs-ofctl reads "
			    "as octal",
			    clip(text, buf));
	return terr(c, t, EINVAL, pos, NULL, "\"%s\" is not a number",
		    clip(text, buf));
}

/* Parses @text at column @pos of item @t as a number up to @max. */
static int tok_num(struct pctx *c, const struct tok *t, const char *text,
		   size_t pos, uint64_t max, uint64_t *out)
{
	int r = parse_num(text, max, out);

	return r ? num_err(c, t, pos, text, r, max) : 0;
}

static bool parse_ip4(const char *s, __be32 *ip)
{
	struct in_addr a;

	if (strlen(s) >= INET_ADDRSTRLEN || inet_pton(AF_INET, s, &a) != 1)
		return false;
	*ip = a.s_addr;
	return true;
}

static bool parse_ip6(const char *s, uint8_t ip[16])
{
	if (strlen(s) >= INET6_ADDRSTRLEN || inet_pton(AF_INET6, s, ip) != 1)
		return false;
	return true;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* ---- Ports --------------------------------------------------------------- */

enum port_ctx {
	PORT_IN_PORT,  /* in_port=PORT */
	PORT_OUT_PORT, /* out_port=PORT */
	PORT_OUTPUT,   /* output:PORT, may be NORMAL, FLOOD, IN_PORT */
	PORT_BARE,     /* a bare word in the action list */
};

/* Resolves a port written as @text (quoted or not) at @pos.  For
 * PORT_OUTPUT, *@special gets A_NORMAL/A_FLOOD/A_IN_PORT for those words
 * (else -1). */
static int parse_port(struct pctx *c, const struct tok *t, const char *text,
		      bool quoted, size_t pos, enum port_ctx ctx,
		      uint32_t *port_no, int *special)
{
	const struct flow_port_map *ports = c->opts->ports;
	struct xsw_err perr_buf;
	char buf[SHOW_MAX];
	uint64_t v;
	int r;

	if (special)
		*special = -1;
	if (!quoted && all_digits(text)) {
		/* Decimal, leading zeros allowed: OVS reads ports in base
		 * 10, so there is no octal ambiguity here. */
		while (text[0] == '0' && text[1])
			text++;
		if (parse_num(text, XSW_MAX_PORTS - 1, &v) || v == 0)
			return terr(c, t, EINVAL, pos, NULL,
				    "port %s is out of range (1..%d)",
				    clip(text, buf), XSW_MAX_PORTS - 1);
		*port_no = (uint32_t)v;
		return 0;
	}
	if (!quoted &&
	    flow_is_reserved_port(text)) {
		if (ctx == PORT_OUTPUT) {
			if (!strcasecmp(text, "normal"))
				*special = A_NORMAL;
			else if (!strcasecmp(text, "flood"))
				*special = A_FLOOD;
			else if (!strcasecmp(text, "in_port"))
				*special = A_IN_PORT;
			if (*special >= 0)
				return 0;
			if (!strcasecmp(text, "all"))
				return terr(c, t, EOPNOTSUPP, pos,
					    "use FLOOD",
					    "xsw does not support port ALL");
		}
		snprintf(perr_buf.msg, sizeof(perr_buf.msg),
			 "quote a port of that name: \"%s\"", clip(text, buf));
		return terr(c, t, EOPNOTSUPP, pos, perr_buf.msg,
			    "\"%s\" is a reserved OpenFlow port, which xsw "
			    "does not support here",
			    buf);
	}
	if (strlen(text) >= FLOW_PORT_NAME_MAX)
		return terr(c, t, EINVAL, pos, NULL,
			    "port name \"%s\" is too long (at most %d bytes)",
			    clip(text, buf), FLOW_PORT_NAME_MAX - 1);
	if (!ports || !ports->name_to_port)
		return terr(c, t, EINVAL, pos, "use the port number",
			    "\"%s\" is not a port number, and port names are "
			    "not known here",
			    clip(text, buf));
	xsw_err_clear(&perr_buf);
	*port_no = 0;
	r = ports->name_to_port(ports->aux, text, port_no, &perr_buf);
	if (r >= 0 && *port_no == 0)
		r = -ENOENT;
	if (r < 0) {
		if (r == INT32_MIN)
			r = -EINVAL;
		if (ctx == PORT_BARE) {
			const char *sug = flow_suggest_action(text);
			char hint[SHOW_MAX + 32];

			if (sug)
				snprintf(hint, sizeof(hint),
					 "did you mean \"%s\"?", sug);
			return perr(c, -r, pos, sug ? hint : NULL,
				    "\"%s\" is neither an action nor a port",
				    clip(text, buf));
		}
		perr_buf.msg[sizeof(perr_buf.msg) - 1] = '\0';
		if (perr_buf.msg[0]) {
			char msg[XSW_ERR_MSG_SIZE];

			memcpy(msg, perr_buf.msg, sizeof(msg));
			return terr(c, t, -r, pos, NULL, "%s", msg);
		}
		return terr(c, t, -r, pos, NULL, "unknown port \"%s\"",
			    clip(text, buf));
	}
	return 0;
}

/* ---- Match fields -------------------------------------------------------- */

/* Do @a and @b agree on the bits both of them match? */
static bool parts_agree(const struct xsw_match *a, const struct xsw_match *b)
{
	const uint64_t *ak = xsw_key_u64(&a->key), *am = xsw_key_u64(&a->mask);
	const uint64_t *bk = xsw_key_u64(&b->key), *bm = xsw_key_u64(&b->mask);

	for (size_t i = 0; i < XSW_FLOW_KEY_U64S; i++)
		if ((ak[i] ^ bk[i]) & am[i] & bm[i])
			return false;
	return true;
}

static int conflict(struct pctx *c, size_t pos, size_t end,
		    const struct field_rec *old)
{
	char a[SHOW_MAX], b[SHOW_MAX];

	return perr(c, EINVAL, pos, "give each field once",
		    "\"%s\" conflicts with \"%s\" given earlier",
		    span(c, pos, end, a), span(c, old->pos, old->end, b));
}

/* Adds field @fid's @part, said by the item at [pos, end). */
static int merge(struct pctx *c, enum fid fid, const struct xsw_match *part,
		 size_t pos, size_t end)
{
	struct field_rec *rec = &c->fields[fid];
	struct xsw_match *m = &c->spec->match;

	if (rec->given)
		return xsw_match_equal(&rec->part, part) ?
			       0 :
			       conflict(c, pos, end, rec);
	for (int f = 0; f < N_FIDS; f++)
		if (c->fields[f].given &&
		    !parts_agree(&c->fields[f].part, part))
			return conflict(c, pos, end, &c->fields[f]);
	rec->given = true;
	rec->pos = pos;
	rec->end = end;
	rec->part = *part;
	xsw_mask_or(&m->key, &part->key);
	xsw_mask_or(&m->mask, &part->mask);
	return 0;
}

static int set_proto(struct pctx *c, const struct tok *t,
		     const struct proto_def *pd)
{
	struct xsw_match part;
	int r;

	memset(&part, 0, sizeof(part));
	part.key.dl_type = htons(pd->dl_type);
	part.mask.dl_type = htons(0xffff);
	r = merge(c, FID_DL_TYPE, &part, t->pos, t->end);
	if (r || !pd->nw_proto)
		return r;
	memset(&part, 0, sizeof(part));
	part.key.nw_proto = pd->nw_proto;
	part.mask.nw_proto = 0xff;
	return merge(c, FID_NW_PROTO, &part, t->pos, t->end);
}

static int ip4_prefix_mask(const char *s, __be32 *mask)
{
	uint64_t n;

	if (parse_num(s, 32, &n))
		return -EINVAL;
	*mask = n ? htonl(~0U << (32 - n)) : 0;
	return 0;
}

static int set_field(struct pctx *c, struct tok *t, const struct field_def *fd)
{
	struct xsw_match part;
	struct xsw_flow_key *k = &part.key, *m = &part.mask;
	char *val = t->val, *mask = NULL;
	size_t vpos = t->val_pos, mpos = 0;
	char buf[SHOW_MAX];
	uint64_t v, mv;
	int r;

	memset(&part, 0, sizeof(part));
	if (fd->kind != V_PORT) {
		mask = strchr(val, '/');
		if (mask) {
			enum vkind kd = fd->kind;
			bool maskable = kd == V_MAC || kd == V_VLAN_TCI ||
					kd == V_IP4 || kd == V_IP6 ||
					kd == V_TP;
			bool vlan = kd == V_DL_VLAN || kd == V_VLAN_PCP;

			mpos = vpos + (size_t)(mask - val) + 1;
			if (!maskable)
				return terr(c, t, EINVAL, mpos - 1,
					    vlan ? "use vlan_tci=VALUE/MASK" :
						   NULL,
					    "%s cannot be masked", fd->name);
			*mask++ = '\0';
		}
	}

	switch (fd->kind) {
	case V_PORT:
		r = parse_port(c, t, val, t->val_quoted, vpos, PORT_IN_PORT,
			       &k->in_port, NULL);
		if (r)
			return r;
		m->in_port = UINT32_MAX;
		break;
	case V_MAC: {
		uint8_t mac[XSW_ETH_ALEN], mm[XSW_ETH_ALEN];

		if (xsw_mac_parse(val, mac))
			return terr(c, t, EINVAL, vpos, NULL,
				    "\"%s\" is not an Ethernet address "
				    "(xx:xx:xx:xx:xx:xx)",
				    clip(val, buf));
		memset(mm, 0xff, sizeof(mm));
		if (mask && xsw_mac_parse(mask, mm))
			return terr(c, t, EINVAL, mpos, NULL,
				    "\"%s\" is not an Ethernet mask "
				    "(xx:xx:xx:xx:xx:xx)",
				    clip(mask, buf));
		for (int i = 0; i < XSW_ETH_ALEN; i++)
			mac[i] &= mm[i];
		if (fd->fid == FID_DL_SRC) {
			memcpy(k->dl_src, mac, sizeof(mac));
			memcpy(m->dl_src, mm, sizeof(mm));
		} else {
			memcpy(k->dl_dst, mac, sizeof(mac));
			memcpy(m->dl_dst, mm, sizeof(mm));
		}
		break;
	}
	case V_ETHTYPE:
		r = tok_num(c, t, val, vpos, 0xffff, &v);
		if (r)
			return r;
		k->dl_type = htons((uint16_t)v);
		m->dl_type = htons(0xffff);
		break;
	case V_DL_VLAN:
		r = parse_num(val, 0xffff, &v);
		if (r == -EDOM)
			return num_err(c, t, vpos, val, r, 0);
		if (r || (v > XSW_VLAN_VID_MASK && v != 0xffff))
			return terr(c, t, EINVAL, vpos, NULL,
				    "\"%s\" is not a VLAN ID (0..4095, or "
				    "0xffff for untagged frames)",
				    clip(val, buf));
		if (v == 0xffff) {
			k->vlan_tci = 0;
			m->vlan_tci = htons(0xffff);
		} else {
			k->vlan_tci = htons((uint16_t)(v | XSW_VLAN_PRESENT));
			m->vlan_tci =
				htons(XSW_VLAN_VID_MASK | XSW_VLAN_PRESENT);
		}
		break;
	case V_VLAN_PCP:
		r = tok_num(c, t, val, vpos, 7, &v);
		if (r)
			return r;
		k->vlan_tci = htons((uint16_t)(v << XSW_VLAN_PCP_SHIFT |
					       XSW_VLAN_PRESENT));
		m->vlan_tci = htons(7 << XSW_VLAN_PCP_SHIFT | XSW_VLAN_PRESENT);
		break;
	case V_VLAN_TCI:
		r = tok_num(c, t, val, vpos, 0xffff, &v);
		if (r)
			return r;
		mv = 0xffff;
		if (mask) {
			r = tok_num(c, t, mask, mpos, 0xffff, &mv);
			if (r)
				return r;
		}
		k->vlan_tci = htons((uint16_t)(v & mv));
		m->vlan_tci = htons((uint16_t)mv);
		break;
	case V_IP4: {
		__be32 ip, im = UINT32_MAX;

		if (!parse_ip4(val, &ip))
			return terr(c, t, EINVAL, vpos, NULL,
				    "\"%s\" is not an IPv4 address or prefix",
				    clip(val, buf));
		if (mask && (strchr(mask, '.') ?
				     !parse_ip4(mask, &im) :
				     ip4_prefix_mask(mask, &im) != 0))
			return terr(c, t, EINVAL, mpos, NULL,
				    "\"/%s\" is not a prefix length (0..32) "
				    "or a dotted mask",
				    clip(mask, buf));
		if (fd->fid == FID_NW_SRC) {
			k->nw_src.ip4 = ip & im;
			m->nw_src.ip4 = im;
		} else {
			k->nw_dst.ip4 = ip & im;
			m->nw_dst.ip4 = im;
		}
		break;
	}
	case V_IP6: {
		uint8_t ip[16], im[16];

		if (!parse_ip6(val, ip))
			return terr(c, t, EINVAL, vpos, NULL,
				    "\"%s\" is not an IPv6 address or prefix",
				    clip(val, buf));
		memset(im, 0xff, sizeof(im));
		r = 0;
		if (mask && strchr(mask, ':')) {
			if (!parse_ip6(mask, im))
				r = -EINVAL;
		} else if (mask) {
			r = parse_num(mask, 128, &v);
			memset(im, 0, sizeof(im));
			for (unsigned int i = 0; !r && i < v; i++)
				im[i / 8] |= (uint8_t)(0x80 >> (i % 8));
		}
		if (r)
			return terr(c, t, EINVAL, mpos, NULL,
				    "\"/%s\" is not a prefix length (0..128) "
				    "or an IPv6 mask",
				    clip(mask, buf));
		for (int i = 0; i < 16; i++)
			ip[i] &= im[i];
		if (fd->fid == FID_IPV6_SRC) {
			memcpy(k->nw_src.ip6, ip, 16);
			memcpy(m->nw_src.ip6, im, 16);
		} else {
			memcpy(k->nw_dst.ip6, ip, 16);
			memcpy(m->nw_dst.ip6, im, 16);
		}
		break;
	}
	case V_U8:
		r = tok_num(c, t, val, vpos, 255, &v);
		if (r)
			return r;
		if (fd->fid == FID_NW_TTL) {
			k->nw_ttl = (uint8_t)v;
			m->nw_ttl = 0xff;
		} else {
			k->nw_proto = (uint8_t)v;
			m->nw_proto = 0xff;
		}
		break;
	case V_TOS:
		r = tok_num(c, t, val, vpos, 255, &v);
		if (r)
			return r;
		if (v & 3)
			return terr(c, t, EINVAL, vpos,
				    "use a multiple of 4, and nw_ecn for ECN",
				    "\"%s\" has ECN bits set, but nw_tos "
				    "matches only the DSCP bits",
				    clip(val, buf));
		k->nw_tos = (uint8_t)v;
		m->nw_tos = 0xfc;
		break;
	case V_DSCP:
		r = tok_num(c, t, val, vpos, 63, &v);
		if (r)
			return r;
		k->nw_tos = (uint8_t)(v << 2);
		m->nw_tos = 0xfc;
		break;
	case V_ECN:
		r = tok_num(c, t, val, vpos, 3, &v);
		if (r)
			return r;
		k->nw_tos = (uint8_t)v;
		m->nw_tos = 0x03;
		break;
	case V_FRAG: {
		const struct frag_def *fr = flow_find_frag(val);

		if (!fr) {
			const char *sug = flow_suggest_frag(val);
			char hint[SHOW_MAX + 32];

			if (sug)
				snprintf(hint, sizeof(hint),
					 "did you mean \"%s\"?", sug);
			return terr(c, t, EINVAL, vpos, sug ? hint : NULL,
				    "\"%s\" is not one of no, yes, first, "
				    "later, not_later",
				    clip(val, buf));
		}
		k->nw_frag = fr->key;
		m->nw_frag = fr->mask;
		break;
	}
	case V_TP:
		r = tok_num(c, t, val, vpos, 0xffff, &v);
		if (r)
			return r;
		mv = 0xffff;
		if (mask) {
			r = tok_num(c, t, mask, mpos, 0xffff, &mv);
			if (r)
				return r;
		}
		if (fd->fid == FID_TP_SRC) {
			k->tp_src = htons((uint16_t)(v & mv));
			m->tp_src = htons((uint16_t)mv);
		} else {
			k->tp_dst = htons((uint16_t)(v & mv));
			m->tp_dst = htons((uint16_t)mv);
		}
		break;
	case V_ICMP:
		r = tok_num(c, t, val, vpos, 255, &v);
		if (r)
			return r;
		/* As OVS: type/code in the low byte, matched as a whole u16. */
		if (fd->fid == FID_TP_SRC) {
			k->tp_src = htons((uint16_t)v);
			m->tp_src = htons(0xffff);
		} else {
			k->tp_dst = htons((uint16_t)v);
			m->tp_dst = htons(0xffff);
		}
		break;
	}

	r = merge(c, fd->fid, &part, t->pos, t->end);
	if (r)
		return r;
	size_t idx = (size_t)(fd - flow_fields);
	if (!c->used[idx]) {
		c->used[idx] = true;
		c->uses[c->n_uses++] = (struct field_use){fd, t->pos, t->end};
	}
	return 0;
}

/* ---- Rule keys ----------------------------------------------------------- */

static int set_rule(struct pctx *c, const struct tok *t, enum rkey k,
		    uint64_t value, uint64_t mask)
{
	struct rule_rec *rec = &c->rules[k];
	char a[SHOW_MAX], b[SHOW_MAX];

	if (rec->given) {
		if (rec->value == value && rec->mask == mask)
			return 0;
		return perr(c, EINVAL, t->pos, "give it once",
			    "\"%s\" conflicts with \"%s\" given earlier",
			    span(c, t->pos, t->end, a),
			    span(c, rec->pos, rec->end, b));
	}
	rec->given = true;
	rec->pos = t->pos;
	rec->end = t->end;
	rec->value = value;
	rec->mask = mask;
	return 0;
}

static int rule_key(struct pctx *c, struct tok *t, enum rkey k)
{
	enum flow_mode mode = c->opts->mode;
	struct xsw_flow_spec *spec = c->spec;
	char *slash;
	uint64_t v, mv;
	int r;

	r = need_val(c, t, t->key, k == R_OUT_PORT);
	if (r)
		return r;
	switch (k) {
	case R_PRIORITY:
		if (mode == FLOW_MODE_FILTER && !c->opts->strict)
			return terr(c, t, EINVAL, t->pos,
				    "use --strict, or leave priority out",
				    "a filter only takes priority with "
				    "--strict (otherwise it would match every "
				    "priority)");
		r = tok_num(c, t, t->val, t->val_pos, 0xffff, &v);
		if (!r)
			r = set_rule(c, t, k, v, 0);
		if (!r)
			spec->priority = (uint16_t)v;
		return r;
	case R_IDLE_TIMEOUT:
	case R_HARD_TIMEOUT:
		if (mode == FLOW_MODE_FILTER)
			return terr(c, t, EINVAL, t->pos, NULL,
				    "timeouts do not apply to a filter "
				    "(del-flows, dump-flows)");
		r = tok_num(c, t, t->val, t->val_pos, 0xffff, &v);
		if (!r)
			r = set_rule(c, t, k, v, 0);
		if (r)
			return r;
		if (k == R_IDLE_TIMEOUT)
			spec->idle_timeout = (uint16_t)v;
		else
			spec->hard_timeout = (uint16_t)v;
		return 0;
	case R_COOKIE:
	case R_COOKIE_FILTER:
		slash = strchr(t->val, '/');
		if (slash) {
			size_t mpos = t->val_pos + (size_t)(slash - t->val) + 1;

			if (mode == FLOW_MODE_ADD)
				return terr(c, t, EINVAL, mpos - 1,
					    "drop the mask to set the cookie",
					    "a new flow cannot use a cookie "
					    "mask (a mask selects existing "
					    "flows)");
			*slash = '\0';
			r = tok_num(c, t, t->val, t->val_pos, UINT64_MAX, &v);
			if (r)
				return r;
			if (!strcmp(slash + 1, "-1"))
				mv = UINT64_MAX;
			else if ((r = tok_num(c, t, slash + 1, mpos,
					      UINT64_MAX, &mv)))
				return r;
			k = R_COOKIE_FILTER;
		} else {
			r = tok_num(c, t, t->val, t->val_pos, UINT64_MAX, &v);
			if (r)
				return r;
			mv = UINT64_MAX;
			/* xsw: a bare cookie in a filter is an exact match. */
			k = mode == FLOW_MODE_FILTER ? R_COOKIE_FILTER :
						       R_COOKIE;
		}
		r = set_rule(c, t, k, k == R_COOKIE_FILTER ? v & mv : v,
			     k == R_COOKIE_FILTER ? mv : 0);
		if (r)
			return r;
		if (k == R_COOKIE_FILTER) {
			spec->cookie_match = v & mv;
			spec->cookie_mask = mv;
		} else {
			spec->cookie = v;
			if (mode == FLOW_MODE_MODIFY)
				spec->flags |= XSW_FLOW_F_SET_COOKIE;
		}
		return 0;
	case R_OUT_PORT: {
		uint32_t port;

		if (mode != FLOW_MODE_FILTER)
			return terr(c, t, EINVAL, t->pos, NULL,
				    "out_port only applies to filters "
				    "(del-flows, dump-flows)");
		r = parse_port(c, t, t->val, t->val_quoted, t->val_pos,
			       PORT_OUT_PORT, &port, NULL);
		if (!r)
			r = set_rule(c, t, k, port, 0);
		if (!r)
			spec->out_port = port;
		return r;
	}
	case R_TABLE:
		r = tok_num(c, t, t->val, t->val_pos, 255, &v);
		if (r)
			return r;
		if (v != 0)
			return terr(c, t, EINVAL, t->val_pos, NULL,
				    "xsw has a single flow table, 0");
		return 0;
	case R_IGNORED:
	case N_RKEYS:
		break;
	}
	return 0;
}

/* ---- Match items --------------------------------------------------------- */

static int match_item(struct pctx *c, struct tok *t)
{
	const struct field_def *fd;
	const struct proto_def *pd;
	char buf[SHOW_MAX], hint[SHOW_MAX + 64];
	const char *sug;
	int rk, r;

	if (t->key_quoted) {
		if (t->delim && (r = read_val(c, t)))
			return r;
		return terr(c, t, EINVAL, t->pos,
			    "write in_port=\"...\" or output:\"...\"",
			    "a quoted string is only a port name");
	}
	if (!t->key_long && (pd = flow_find_proto(t->key))) {
		if (t->delim) {
			if ((r = read_val(c, t)))
				return r;
			return terr(c, t, EINVAL, t->key_end, NULL,
				    "\"%s\" takes no value", pd->name);
		}
		return set_proto(c, t, pd);
	}
	if (!t->key_long && (fd = flow_find_field(t->key))) {
		r = need_val(c, t, fd->name, fd->kind == V_PORT);
		return r ? r : set_field(c, t, fd);
	}
	if (!t->key_long && (rk = flow_find_rule_key(t->key)) >= 0)
		return rule_key(c, t, (enum rkey)rk);

	/* Unknown: say why as precisely as we can. */
	if (t->delim && (r = read_val(c, t)))
		return r;
	clip(t->key, buf);
	if (!t->key_long &&
	    flow_is_unsupported_field(t->key))
		return perr(c, EOPNOTSUPP, t->pos, NULL,
			    "field \"%s\" is not supported by xsw", buf);
	if (!t->key_long &&
	    (flow_find_action(t->key) >= 0 ||
	     flow_is_unsupported_action(t->key)))
		return perr(c, EINVAL, t->pos,
			    "put actions last, after \"actions=\"",
			    "\"%s\" is an action, not a match field", buf);
	sug = t->key_long ? NULL : flow_suggest_match_key(t->key);
	if (sug)
		snprintf(hint, sizeof(hint), "did you mean \"%s\"?", sug);
	return perr(c, EINVAL, t->pos, sug ? hint : NULL,
		    "unknown field \"%s\"", buf);
}

/* ---- Actions ------------------------------------------------------------- */

static int add_action(struct pctx *c, const struct tok *t,
		      const struct xsw_ofaction *a)
{
	struct xsw_ofactions *acts = &c->spec->actions;
	char buf[SHOW_MAX];

	if (c->have_drop)
		return perr(c, EINVAL, t->pos, "remove one of them",
			    "\"%s\" follows \"drop\", which must be the only "
			    "action",
			    span(c, t->pos, t->end, buf));
	if (acts->n_actions == XSW_MAX_OFACTIONS)
		return perr(c, E2BIG, t->pos, NULL,
			    "too many actions at \"%s\" (at most %d)",
			    span(c, t->pos, t->end, buf), XSW_MAX_OFACTIONS);
	c->act_pos[acts->n_actions] = t->pos;
	c->act_end[acts->n_actions] = t->end;
	acts->actions[acts->n_actions++] = *a;
	return 0;
}

static int action_item(struct pctx *c, struct tok *t)
{
	struct xsw_ofaction a;
	char buf[SHOW_MAX], hint[SHOW_MAX + 64];
	uint64_t v;
	int special, idx, r;

	memset(&a, 0, sizeof(a));
	if (t->key_quoted || all_digits(t->key)) {
		/* A bare port: "actions=2" or "actions=\"my port\"". */
		if (t->delim) {
			if ((r = read_val(c, t)))
				return r;
			return terr(c, t, EINVAL, t->key_end, NULL,
				    "a port takes no value");
		}
		if (t->key_long)
			return perr(c, EINVAL, t->pos, NULL,
				    "port \"%s\" is too long",
				    clip(t->key, buf));
		r = parse_port(c, t, t->key, t->key_quoted, t->pos,
			       PORT_OUTPUT, &a.port_no, &special);
		if (r)
			return r;
		a.type = XSW_OFACT_OUTPUT;
		return add_action(c, t, &a);
	}

	idx = t->key_long ? -1 : flow_find_action(t->key);
	if (idx < 0) {
		if (t->delim && (r = read_val(c, t)))
			return r;
		clip(t->key, buf);
		if (!t->key_long &&
		    flow_is_unsupported_action(t->key))
			return perr(c, EOPNOTSUPP, t->pos,
				    !strcasecmp(t->key, "all") ? "use FLOOD" :
								 NULL,
				    "action \"%s\" is not supported by xsw",
				    buf);
		if (!t->key_long &&
		    (flow_find_field(t->key) || flow_find_proto(t->key) ||
		     flow_find_rule_key(t->key) >= 0 || flow_is_actions_key(t->key)))
			return perr(c, EINVAL, t->pos,
				    "\"actions=\" must come last",
				    "\"%s\" is not an action",
				    span(c, t->pos, t->end, hint));
		if (!t->delim && !t->key_long) {
			/* A bare name is an output port, as in OVS. */
			r = parse_port(c, t, t->key, false, t->pos, PORT_BARE,
				       &a.port_no, NULL);
			if (r)
				return r;
			a.type = XSW_OFACT_OUTPUT;
			return add_action(c, t, &a);
		}
		const char *sug = t->key_long ? NULL : flow_suggest_action(t->key);

		if (sug)
			snprintf(hint, sizeof(hint), "did you mean \"%s\"?",
				 sug);
		return perr(c, EINVAL, t->pos, sug ? hint : NULL,
			    "unknown action \"%s\"", buf);
	}

	if (flow_actions[idx].takes_value) {
		r = need_val(c, t, flow_actions[idx].name,
			     flow_actions[idx].kw == A_OUTPUT);
		if (r)
			return r;
	} else if (t->delim) {
		if ((r = read_val(c, t)))
			return r;
		return terr(c, t, EINVAL, t->key_end, NULL,
			    "\"%s\" takes no value", flow_actions[idx].name);
	}

	switch (flow_actions[idx].kw) {
	case A_OUTPUT:
		r = parse_port(c, t, t->val, t->val_quoted, t->val_pos,
			       PORT_OUTPUT, &a.port_no, &special);
		if (r)
			return r;
		a.type = special == A_NORMAL	? XSW_OFACT_NORMAL :
			 special == A_FLOOD	? XSW_OFACT_FLOOD :
			 special == A_IN_PORT	? XSW_OFACT_IN_PORT :
						  XSW_OFACT_OUTPUT;
		if (a.type != XSW_OFACT_OUTPUT)
			a.port_no = 0;
		break;
	case A_NORMAL:
		a.type = XSW_OFACT_NORMAL;
		break;
	case A_FLOOD:
		a.type = XSW_OFACT_FLOOD;
		break;
	case A_IN_PORT:
		a.type = XSW_OFACT_IN_PORT;
		break;
	case A_DROP:
		if (c->spec->actions.n_actions)
			return perr(c, EINVAL, t->pos, "remove one of them",
				    "\"drop\" must be the only action");
		if (c->have_drop)
			return 0;
		c->have_drop = true;
		return 0;
	case A_MOD_DL_SRC:
	case A_MOD_DL_DST:
		if (xsw_mac_parse(t->val, a.mac))
			return terr(c, t, EINVAL, t->val_pos, NULL,
				    "\"%s\" is not an Ethernet address "
				    "(xx:xx:xx:xx:xx:xx)",
				    clip(t->val, buf));
		a.type = flow_actions[idx].kw == A_MOD_DL_SRC ?
				 XSW_OFACT_SET_DL_SRC :
				 XSW_OFACT_SET_DL_DST;
		break;
	case A_MOD_NW_SRC:
	case A_MOD_NW_DST:
		if (!parse_ip4(t->val, &a.ip4))
			return terr(c, t, EINVAL, t->val_pos, NULL,
				    "\"%s\" is not an IPv4 address",
				    clip(t->val, buf));
		a.type = flow_actions[idx].kw == A_MOD_NW_SRC ?
				 XSW_OFACT_SET_NW_SRC :
				 XSW_OFACT_SET_NW_DST;
		break;
	case A_MOD_TP_SRC:
	case A_MOD_TP_DST:
		r = tok_num(c, t, t->val, t->val_pos, 0xffff, &v);
		if (r)
			return r;
		a.tp_port = htons((uint16_t)v);
		a.type = flow_actions[idx].kw == A_MOD_TP_SRC ?
				 XSW_OFACT_SET_TP_SRC :
				 XSW_OFACT_SET_TP_DST;
		break;
	case A_PUSH_VLAN:
		r = tok_num(c, t, t->val, t->val_pos, 0xffff, &v);
		if (r)
			return r;
		if (v != TPID_8021Q && v != TPID_8021AD)
			return terr(c, t, EINVAL, t->val_pos, NULL,
				    "\"%s\" is not a VLAN TPID (0x8100 or "
				    "0x88a8)",
				    clip(t->val, buf));
		a.tpid = htons((uint16_t)v);
		a.type = XSW_OFACT_PUSH_VLAN;
		break;
	case A_MOD_VLAN_VID:
		r = parse_num(t->val, XSW_VLAN_VID_MASK, &v);
		if (r == -EDOM)
			return num_err(c, t, t->val_pos, t->val, r, 0);
		if (r)
			return terr(c, t, EINVAL, t->val_pos, NULL,
				    "\"%s\" is not a VLAN ID (0..4095)",
				    clip(t->val, buf));
		a.vid = (uint16_t)v;
		a.type = XSW_OFACT_SET_VLAN_VID;
		break;
	case A_STRIP_VLAN:
		a.type = XSW_OFACT_STRIP_VLAN;
		break;
	case A_DEC_TTL:
		a.type = XSW_OFACT_DEC_TTL;
		break;
	}
	return add_action(c, t, &a);
}

static int actions_part(struct pctx *c, struct tok *at)
{
	struct tok t;
	char buf[SHOW_MAX];
	int r;

	if (c->opts->mode == FLOW_MODE_FILTER)
		return perr(c, EINVAL, at->pos,
			    "leave the actions out of del-flows and "
			    "dump-flows",
			    "a filter takes no \"%s\"", clip(at->key, buf));
	if (at->delim != '=' && at->delim != ':')
		return perr(c, EINVAL, at->pos, NULL,
			    "\"%s\" must be followed by \"=\" (actions=...)",
			    clip(at->key, buf));
	c->have_actions = true;
	c->pos = at->key_end + 1;
	for (;;) {
		r = next_key(c, &t);
		if (r <= 0)
			return r;
		r = action_item(c, &t);
		if (r)
			return r;
	}
}

/* ---- Consistency --------------------------------------------------------- */

static bool dl_type_is(const struct xsw_match *m, uint16_t type)
{
	return m->mask.dl_type == htons(0xffff) &&
	       m->key.dl_type == htons(type);
}

static bool proto_is(const struct xsw_match *m, uint8_t proto)
{
	return m->mask.nw_proto == 0xff && m->key.nw_proto == proto;
}

static bool is_ip_any(const struct xsw_match *m)
{
	return dl_type_is(m, ETHTYPE_IP) || dl_type_is(m, ETHTYPE_IPV6);
}

static bool later_frag(const struct xsw_match *m)
{
	return (m->mask.nw_frag & XSW_FRAG_LATER) &&
	       (m->key.nw_frag & XSW_FRAG_LATER);
}

static const char *l4_hint(const struct xsw_match *m, const char *proto,
			   char *buf, size_t size)
{
	if (proto_is(m, IPPROTO_ICMP) || proto_is(m, IPPROTO_ICMPV6))
		return "for ICMP use icmp_type and icmp_code";
	snprintf(buf, size, "add \"%s%s,\" before it", proto,
		 dl_type_is(m, ETHTYPE_IPV6) ? "6" : "");
	return buf;
}

static int check_prereq(struct pctx *c, const struct field_use *u)
{
	const struct xsw_match *m = &c->spec->match;
	char item[SHOW_MAX], hint[64];
	const char *need = NULL, *fix = NULL;
	uint8_t proto = 0;

	switch (u->def->prereq) {
	case P_NONE:
		return 0;
	case P_IP_OR_ARP:
		if (!dl_type_is(m, ETHTYPE_IP) && !dl_type_is(m, ETHTYPE_ARP))
			need = "ip or arp", fix = "add \"ip,\" or \"arp,\" "
						  "before it";
		break;
	case P_IP4:
		if (!dl_type_is(m, ETHTYPE_IP))
			need = "ip", fix = "add \"ip,\" before it";
		break;
	case P_ARP:
		if (!dl_type_is(m, ETHTYPE_ARP))
			need = "arp", fix = "add \"arp,\" before it";
		break;
	case P_IPV6:
		if (!dl_type_is(m, ETHTYPE_IPV6))
			need = "ipv6", fix = "add \"ipv6,\" before it";
		break;
	case P_IP_ANY:
		if (!is_ip_any(m))
			need = "ip or ipv6", fix = "add \"ip,\" before it";
		break;
	case P_IP_ANY_OR_ARP:
		if (!is_ip_any(m) && !dl_type_is(m, ETHTYPE_ARP))
			need = "ip, ipv6 or arp", fix = "add \"ip,\" before it";
		break;
	case P_L4:
		if (!is_ip_any(m) ||
		    !(proto_is(m, IPPROTO_TCP) || proto_is(m, IPPROTO_UDP) ||
		      proto_is(m, IPPROTO_SCTP)))
			need = "tcp, udp or sctp",
			fix = l4_hint(m, "tcp", hint, sizeof(hint));
		break;
	case P_TCP:
		proto = IPPROTO_TCP;
		need = "tcp";
		break;
	case P_UDP:
		proto = IPPROTO_UDP;
		need = "udp";
		break;
	case P_SCTP:
		proto = IPPROTO_SCTP;
		need = "sctp";
		break;
	case P_ICMP_ANY:
		if (!(dl_type_is(m, ETHTYPE_IP) && proto_is(m, IPPROTO_ICMP)) &&
		    !(dl_type_is(m, ETHTYPE_IPV6) &&
		      proto_is(m, IPPROTO_ICMPV6)))
			need = "icmp or icmp6", fix = "add \"icmp,\" before it";
		break;
	case P_ICMP4:
		if (!(dl_type_is(m, ETHTYPE_IP) && proto_is(m, IPPROTO_ICMP)))
			need = "icmp", fix = "add \"icmp,\" before it";
		break;
	case P_ICMP6:
		if (!(dl_type_is(m, ETHTYPE_IPV6) &&
		      proto_is(m, IPPROTO_ICMPV6)))
			need = "icmp6", fix = "add \"icmp6,\" before it";
		break;
	}
	if (proto) {
		if (is_ip_any(m) && proto_is(m, proto))
			need = NULL;
		else
			fix = l4_hint(m, need, hint, sizeof(hint));
	}
	if (need)
		return perr(c, EINVAL, u->pos, fix, "\"%s\" requires %s",
			    span(c, u->pos, u->end, item), need);
	if ((u->def->kind == V_TP || u->def->kind == V_ICMP) && later_frag(m))
		return perr(c, EINVAL, u->pos, "drop one of them",
			    "\"%s\" cannot match with ip_frag=later: later "
			    "fragments have no L4 header",
			    span(c, u->pos, u->end, item));
	return 0;
}

static int check_action(struct pctx *c, unsigned int i)
{
	const struct xsw_match *m = &c->spec->match;
	const struct xsw_ofaction *a = &c->spec->actions.actions[i];
	size_t pos = c->act_pos[i];
	char item[SHOW_MAX];

	span(c, pos, c->act_end[i], item);
	switch (a->type) {
	case XSW_OFACT_SET_NW_SRC:
	case XSW_OFACT_SET_NW_DST:
		if (!dl_type_is(m, ETHTYPE_IP))
			return perr(c, EINVAL, pos,
				    "add \"ip,\" to the match",
				    "\"%s\" requires an IPv4 match", item);
		return 0;
	case XSW_OFACT_SET_TP_SRC:
	case XSW_OFACT_SET_TP_DST:
		if (is_ip_any(m) && proto_is(m, IPPROTO_SCTP))
			return perr(c, EOPNOTSUPP, pos, NULL,
				    "\"%s\" is not supported on sctp (the "
				    "datapath cannot recompute its CRC32c)",
				    item);
		if (!is_ip_any(m) || !(proto_is(m, IPPROTO_TCP) ||
				       proto_is(m, IPPROTO_UDP)))
			return perr(c, EINVAL, pos,
				    "add \"tcp,\" or \"udp,\" to the match",
				    "\"%s\" requires a tcp or udp match", item);
		if (later_frag(m))
			return perr(c, EINVAL, pos, NULL,
				    "\"%s\" cannot apply to ip_frag=later: "
				    "later fragments have no L4 header",
				    item);
		return 0;
	default:
		return 0;
	}
}

static int finish(struct pctx *c)
{
	size_t len = strlen(c->str);
	int r;

	for (unsigned int i = 0; i < c->n_uses; i++) {
		r = check_prereq(c, &c->uses[i]);
		if (r)
			return r;
	}
	if (c->opts->mode != FLOW_MODE_FILTER && !c->have_actions)
		return perr(c, EINVAL, len,
			    "end the flow with \"actions=...\" "
			    "(\"actions=drop\" to drop)",
			    "no actions given");
	for (unsigned int i = 0; i < c->spec->actions.n_actions; i++) {
		r = check_action(c, i);
		if (r)
			return r;
	}
	return 0;
}

int flow_parse(const char *str, const struct flow_syntax_opts *opts,
	       struct xsw_flow_spec *spec, struct xsw_err *err)
{
	struct pctx c;
	struct tok t;
	int r;

	xsw_err_clear(err);
	if (spec)
		xsw_flow_spec_init(spec);
	if (!str || !opts || !spec)
		return xsw_err_set(err, EINVAL, "flow_parse: missing argument");
	if (opts->mode != FLOW_MODE_ADD && opts->mode != FLOW_MODE_MODIFY &&
	    opts->mode != FLOW_MODE_FILTER)
		return xsw_err_set(err, EINVAL, "flow_parse: bad mode %d",
				   (int)opts->mode);

	memset(&c, 0, sizeof(c));
	c.str = str;
	c.opts = opts;
	c.spec = spec;
	c.err = err;
	for (;;) {
		r = next_key(&c, &t);
		if (r <= 0)
			break;
		if (!t.key_quoted && !t.key_long && flow_is_actions_key(t.key)) {
			r = actions_part(&c, &t);
			break;
		}
		r = match_item(&c, &t);
		if (r)
			break;
	}
	if (!r)
		r = finish(&c);
	if (r)
		xsw_flow_spec_init(spec);
	return r;
}

