/*
 * The statements Sluice understands itself, head only.
 *
 * An INSERT is parsed up to where its data starts (VALUES, the format name after FORMAT and the SETTINGS
 * that may follow it, or the first token of its SELECT); the inline data never reaches this grammar. The
 * head scanner in io.sluice.parser.InsertHeadScanner finds that boundary by hand and must agree with the
 * lexical rules below (identifiers, quoting, strings, numbers, comments).
 *
 * Every other statement (DDL, SELECT, UPDATE...) is classified without this grammar and passed on.
 */
grammar SluiceSql;

options { caseInsensitive = true; }

singleStatement
    : statement SEMICOLON? EOF
    ;

statement
    : INSERT INTO qualifiedName columnList? settingsClause? insertSource   #insert
    | SET setting                                                          #set
    | SYSTEM FLUSH flushTarget                                             #systemFlush
    | SYSTEM REPLAY ASYNC INSERT DEAD LETTER qualifiedName?                #systemReplayDeadLetter
    ;

// Factored after SYSTEM FLUSH so that an unsupported SYSTEM command fails at the word that is wrong.
flushTarget
    : ASYNC INSERT QUEUE (qualifiedName (COMMA qualifiedName)*)?   #flushAsyncInsertQueue
    | LOGS                                                         #flushLogs
    ;

columnList
    : LPAREN identifier (COMMA identifier)* RPAREN
    ;

settingsClause
    : SETTINGS setting (COMMA setting)*
    ;

setting
    : identifier EQ settingValue
    ;

settingValue
    : NUMBER       #numberValue
    | STRING       #stringValue
    | identifier   #wordValue
    ;

// VALUE is MariaDB/MySQL's synonym of VALUES. MariaDB/MySQL's single-row INSERT INTO t SET a = 1, b = 'x' is
// never parsed here: the head scanner rewrites one with literal values to INSERT INTO t (a, b) VALUES (1, 'x').
insertSource
    : (VALUES | VALUE)                    #valuesSource
    | FORMAT identifier settingsClause?   #formatSource
    | (SELECT | WITH)                     #selectSource
    | LPAREN+ (SELECT | WITH)             #parenthesizedSelectSource
    ;

qualifiedName
    : identifier (DOT identifier)?
    ;

identifier
    : IDENTIFIER              #unquotedIdentifier
    | nonReserved             #unquotedIdentifier
    | QUOTED_IDENTIFIER       #quotedIdentifier
    | BACKQUOTED_IDENTIFIER   #backQuotedIdentifier
    ;

// Keywords that may still name a table, a column, a setting or a format (FORMAT Values, a table "logs").
// SELECT and WITH stay reserved: they decide whether '(' opens a column list or a subquery.
nonReserved
    : ASYNC | DEAD | FLUSH | FORMAT | INSERT | INTO | LETTER | LOGS | QUEUE | REPLAY | SET | SETTINGS | SYSTEM | VALUES | VALUE
    ;

// Keywords, in the order syntax errors list them as expected.
INSERT: 'INSERT';
INTO: 'INTO';
VALUES: 'VALUES';
VALUE: 'VALUE';
FORMAT: 'FORMAT';
SELECT: 'SELECT';
WITH: 'WITH';
SETTINGS: 'SETTINGS';
SET: 'SET';
SYSTEM: 'SYSTEM';
FLUSH: 'FLUSH';
REPLAY: 'REPLAY';
ASYNC: 'ASYNC';
QUEUE: 'QUEUE';
LOGS: 'LOGS';
DEAD: 'DEAD';
LETTER: 'LETTER';

EQ: '=';
COMMA: ',';
DOT: '.';
LPAREN: '(';
RPAREN: ')';
SEMICOLON: ';';

// Single-quoted, with backslash escapes and doubled quotes, as in ClickHouse.
STRING
    : '\'' ( ~['\\] | '\\' . | '\'\'' )* '\''
    ;

// Runs to the end of the input: reported as an unterminated string rather than as a stray quote.
UNTERMINATED_STRING
    : '\'' ( ~['\\] | '\\' . | '\'\'' )* '\\'?
    ;

NUMBER
    : [+-]? ( DIGIT+ ( '.' DIGIT* )? | '.' DIGIT+ ) ( 'E' [+-]? DIGIT+ )?
    ;

IDENTIFIER
    : [A-Z_] [A-Z_0-9]*
    ;

QUOTED_IDENTIFIER
    : '"' ( ~'"' | '""' )* '"'
    ;

BACKQUOTED_IDENTIFIER
    : '`' ( ~'`' | '``' )* '`'
    ;

UNTERMINATED_QUOTED_IDENTIFIER
    : '"' ( ~'"' | '""' )*
    | '`' ( ~'`' | '``' )*
    ;

SIMPLE_COMMENT
    : '--' ~[\r\n]* -> channel(HIDDEN)
    ;

BRACKETED_COMMENT
    : '/*' .*? '*/' -> channel(HIDDEN)
    ;

WS
    : [ \t\r\n\f]+ -> channel(HIDDEN)
    ;

// Catch-all: lexing never fails; the parser reports the stray character with its position.
UNRECOGNIZED
    : .
    ;

fragment DIGIT
    : [0-9]
    ;
