/**
 * The Paygrid API's paths and objects, generated from its OpenAPI document
 * (GET /openapi.json) by openapi-typescript. Do not edit: run `npm run client:generate`.
 * test/client/openapi-sync.test.ts fails when this file differs from the document.
 */

export interface paths {
    "/v1/ledger/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List ledger accounts with their balances, newest first; code keeps one chart-of-accounts code */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    starting_after?: string;
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    ending_before?: string;
                    /** @description Only accounts with this chart-of-accounts code (2000: customer wallets, 2200: merchants’ pending balances, …). */
                    code?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of accounts */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: components["schemas"]["ledger_account"][];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a ledger account */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                        id?: string;
                        /** @description ISO 4217 currency code of the ledger, e.g. CNY. */
                        ledger: string;
                        /** @description Chart-of-accounts or transfer-kind code. */
                        code: number;
                        flags?: {
                            debits_must_not_exceed_credits?: boolean;
                            credits_must_not_exceed_debits?: boolean;
                        };
                        /** @description Up to 50 keys (40 characters each) with string values (500 characters each). */
                        metadata?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            responses: {
                /** @description The account (an existing one with the same fields is answered as it is) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ledger_account"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List every transfer, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    starting_after?: string;
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    ending_before?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of transfers */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: components["schemas"]["ledger_transfer"][];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create one transfer or a batch of transfers
         * @description Answers 200 with one result per transfer, in order; a failed transfer says why in its result.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        transfers: {
                            /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                            id: string;
                            /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                            debit_account_id?: string;
                            /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                            credit_account_id?: string;
                            /** @description Minor units (fen for CNY). */
                            amount?: number;
                            /** @description ISO 4217 currency code of the ledger, e.g. CNY. */
                            ledger?: string;
                            /** @description Chart-of-accounts or transfer-kind code. */
                            code?: number;
                            flags?: {
                                linked?: boolean;
                                pending?: boolean;
                                post_pending?: boolean;
                                void_pending?: boolean;
                            };
                            /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                            pending_id?: string;
                            timeout_seconds?: number;
                            /** @description Up to 50 keys (40 characters each) with string values (500 characters each). */
                            metadata?: {
                                [key: string]: string;
                            };
                        }[];
                    } | {
                        /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                        id: string;
                        /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                        debit_account_id?: string;
                        /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                        credit_account_id?: string;
                        /** @description Minor units (fen for CNY). */
                        amount?: number;
                        /** @description ISO 4217 currency code of the ledger, e.g. CNY. */
                        ledger?: string;
                        /** @description Chart-of-accounts or transfer-kind code. */
                        code?: number;
                        flags?: {
                            linked?: boolean;
                            pending?: boolean;
                            post_pending?: boolean;
                            void_pending?: boolean;
                        };
                        /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                        pending_id?: string;
                        timeout_seconds?: number;
                        /** @description Up to 50 keys (40 characters each) with string values (500 characters each). */
                        metadata?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            responses: {
                /** @description One result per transfer, in order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ledger_transfer_results"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a ledger account with its balances */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The account */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ledger_account"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/accounts/{id}/transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List an account's transfers, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    starting_after?: string;
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    ending_before?: string;
                };
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of transfers */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: components["schemas"]["ledger_transfer"][];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/transfers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a transfer */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The transfer, with pending_status if it is a pending transfer */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ledger_transfer"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/ledger/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recompute every balance from the transfers and check that each ledger sums to zero */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The verification report */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ledger_verification"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/merchants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List merchants, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    starting_after?: string;
                    ending_before?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of merchants */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: components["schemas"]["merchant"][];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a merchant; its secret and publishable keys are returned this once */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        category?: "retail" | "ev_charging" | "food_and_drink" | "travel" | "digital_goods" | "services" | "utilities" | "other";
                        fee_plan?: {
                            /** @description Basis points of each successful payment (60 = 0.6 %). */
                            percent_bps?: number;
                            /** @description Minor units added to each successful payment. */
                            fixed_amount?: number;
                            refund_fee_policy?: "keep_fee" | "return_fee";
                        };
                        /** @description ISO 4217 code in lower case, e.g. cny. */
                        default_currency?: string;
                        /** @description Up to 50 keys (40 characters each) with string values (500 characters each). */
                        metadata?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            responses: {
                /** @description The new merchant with its keys */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["merchant_with_keys"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/merchants/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a merchant (the operator, or the merchant itself) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The merchant */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["merchant"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Change a merchant's name or fee plan (operator); fields left out stay, and a new plan applies to captures from now on */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        fee_plan?: {
                            /** @description Basis points of each successful payment (60 = 0.6 %). */
                            percent_bps?: number;
                            /** @description Minor units added to each successful payment. */
                            fixed_amount?: number;
                            refund_fee_policy?: "keep_fee" | "return_fee";
                        };
                    };
                };
            };
            responses: {
                /** @description The merchant as it is now */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["merchant"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/merchants/{id}/roll_keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace a merchant's secret or publishable key; the old one stops working at once */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        type: "secret" | "publishable";
                    };
                };
            };
            responses: {
                /** @description The new key, shown this once */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["api_key"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/balance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The merchant's pending and available balances per currency */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The balances */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["balance"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Find customers, newest first, by id or the last digits of their phone number (operator) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    starting_after?: string;
                    ending_before?: string;
                    /** @description A customer id or its beginning (`cus_…`), or the last digits of the phone number (`5678`, or the whole number). */
                    query?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of customers */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: components["schemas"]["customer"][];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Create (or find) the consumer with a phone number; a merchant key links the customer to that merchant */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description E.164 (+8613812345678) or an 11-digit mainland mobile number. */
                        phone: string;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description The customer; wallet_balances only for the operator */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["customer"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a customer (with wallet balances and saved cards for the operator) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The customer; wallet_balances and cards only for the operator */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["customer"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/test_helpers/sms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Messages the sandbox SMS gateway recorded for a phone, newest first (codes included) */
        get: {
            parameters: {
                query: {
                    /** @description E.164 (+8613812345678) or an 11-digit mainland mobile number. */
                    phone: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The messages (one page: has_more is false) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: components["schemas"]["sms_message"][];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/otp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a one-time sign-in code to a phone by SMS */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description E.164 (+8613812345678) or an 11-digit mainland mobile number. */
                        phone: string;
                    };
                };
            };
            responses: {
                /** @description The code was sent */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["otp"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange the code for a session token (signs up a new phone); send X-Device-Id to name the device */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description E.164 (+8613812345678) or an 11-digit mainland mobile number. */
                        phone: string;
                        code: string;
                    };
                };
            };
            responses: {
                /** @description The session and its customer */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["session"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/sign_ins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The consumer’s recent sign-ins and failed attempts, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    starting_after?: string;
                    ending_before?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of sign-ins */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "sign_in";
                                id: string;
                                /** @description Unix seconds. */
                                created: number;
                                /** @description succeeded; failed: a wrong or expired code; locked: the failed attempt that locked sign-in. */
                                outcome: "succeeded" | "failed" | "locked";
                                /** @description The attempt came from a device the customer had not signed in from before. */
                                new_device: boolean;
                                /** @description The attempt came from an IP network the customer had not signed in from before. */
                                new_network: boolean;
                                /** @description The IP network of the attempt: /24 for IPv4, /48 for IPv6 (203.0.113.0/24). */
                                network: string;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Clear a customer’s sign-in lock (after too many wrong codes) before it ends */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Sign-in is unlocked */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "sign_in_lock";
                            customer: string;
                            /** @description Whether sign-in is locked now: false after an unlock. */
                            locked: boolean;
                            /** @description Whether sign-in was locked when the unlock came. */
                            was_locked: boolean;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in consumer with wallet balances */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The consumer with wallet_balances */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["customer"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/payment_password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set or change the 6-digit payment password */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        current_password?: string;
                    };
                };
            };
            responses: {
                /** @description The password is set */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["payment_password"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/limits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The wallet’s per-payment and daily limits in one currency (the defaults until the consumer sets them), and the platform’s daily cap */
        get: {
            parameters: {
                query?: {
                    /** @description ISO 4217 code in lower case, e.g. cny. */
                    currency?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The limits in force */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["wallet_limits"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Set per-payment and daily limits for wallet payments in one currency */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description ISO 4217 code in lower case, e.g. cny. */
                        currency: string;
                        /** @description Minor units (fen for CNY). */
                        per_payment_limit: number;
                        /** @description Minor units (fen for CNY). */
                        daily_limit: number;
                    };
                };
            };
            responses: {
                /** @description The limits now in force */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["wallet_limits"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every movement of the wallet, newest first */
        get: {
            parameters: {
                query?: {
                    /** @description ISO 4217 code in lower case, e.g. cny. */
                    currency?: string;
                    limit?: number;
                    starting_after?: string;
                    ending_before?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of the statement */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: components["schemas"]["wallet_transaction"][];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallet_transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send money to another consumer’s wallet (payment password and limits apply) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Minor units (fen for CNY). */
                        amount: number;
                        /** @description ISO 4217 code in lower case, e.g. cny. */
                        currency: string;
                        /** @description E.164 (+8613812345678) or an 11-digit mainland mobile number. */
                        to_phone?: string;
                        to_customer?: string;
                        password: string;
                        description?: string;
                    };
                };
            };
            responses: {
                /** @description The transfer, which has succeeded */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["wallet_transfer"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/payment_codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A one-minute, single-use payment code (付款码) for the till to scan; it pays without the password up to the password-free limit */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description ISO 4217 code in lower case, e.g. cny. */
                        currency?: string;
                    };
                };
            };
            responses: {
                /** @description The payment code */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["payment_code"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/agreements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The consumer’s agreements, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The agreements (one page: has_more is false) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: components["schemas"]["agreement"][];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Let a merchant charge the wallet without the password (免密支付), within limits */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        merchant: string;
                        /** @description ISO 4217 code in lower case, e.g. cny. */
                        currency: string;
                        /** @description Minor units (fen for CNY). */
                        per_payment_limit: number;
                        /** @description Minor units (fen for CNY). */
                        daily_limit: number;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description The new agreement */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["agreement"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/agreements/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke an agreement: the merchant can no longer charge without the password */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The revoked agreement */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["agreement"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A customer’s wallet statement, newest first, as the consumer sees it on GET /v1/me/transactions (operator) */
        get: {
            parameters: {
                query?: {
                    /** @description ISO 4217 code in lower case, e.g. cny. */
                    currency?: string;
                    limit?: number;
                    starting_after?: string;
                    ending_before?: string;
                };
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of the statement */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: components["schemas"]["wallet_transaction"][];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}/block": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Block a customer (operator): their sessions end, sign-in and every payment or wallet transfer by them is refused (customer_blocked); refunds to them still land */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description The customer with its new status */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["customer"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/customers/{id}/unblock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unblock a customer (operator) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description The customer with its new status */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["customer"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/cards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The cards saved for the signed-in consumer, masked (brand, last four, expiry), newest first; each pays only at the merchant that saved it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The saved cards (one page: has_more is false) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "saved_card";
                                /** @description The payment method (pm_…), to confirm a payment with at the merchant that saved it. */
                                id: string;
                                /** @description The merchant that saved the card: only it can charge it. */
                                merchant: string;
                                /** @description That merchant’s name, to show the consumer. */
                                merchant_name: string;
                                brand: string;
                                last4: string;
                                exp_month: number;
                                exp_year: number;
                                /** @description Unix seconds. */
                                created: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Save a card (secret or publishable key); only brand, last four and expiry are ever shown */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        type: "card";
                        card: {
                            number: string;
                            exp_month: number;
                            exp_year: number;
                            cvc?: string;
                        };
                        customer?: string;
                    };
                };
            };
            responses: {
                /** @description The saved card */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["payment_method"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_methods/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a payment method */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The payment method */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["payment_method"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_intents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List payment intents, newest first: the merchant's own, or every merchant's for the operator; filter by status, merchant (operator), customer, created range and a query (a prefix of the id or the description) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    starting_after?: string;
                    ending_before?: string;
                    status?: "requires_payment_method" | "requires_confirmation" | "requires_action" | "processing" | "requires_capture" | "succeeded" | "canceled";
                    /** @description Operator key only: one merchant’s payments. */
                    merchant?: string;
                    customer?: string;
                    /** @description Created at or after this Unix second. */
                    "created[gte]"?: number;
                    /** @description Created after this Unix second. */
                    "created[gt]"?: number;
                    /** @description Created at or before this Unix second. */
                    "created[lte]"?: number;
                    /** @description Created before this Unix second. */
                    "created[lt]"?: number;
                    query?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of payment intents */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: components["schemas"]["payment_intent"][];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a payment intent (and confirm it with confirm=true) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Minor units (fen for CNY). */
                        amount: number;
                        /** @description ISO 4217 code in lower case, e.g. cny. */
                        currency: string;
                        customer?: string;
                        payment_method?: string;
                        payment_method_data?: {
                            /** @enum {string} */
                            type: "wallet";
                        } | {
                            /** @enum {string} */
                            type: "payment_code";
                            code: string;
                        } | {
                            /** @enum {string} */
                            type: "prepaid_card";
                            number: string;
                            pin: string;
                        } | {
                            /** @enum {string} */
                            type: "online_banking";
                            online_banking: {
                                /** @description The payer’s bank: icbc, ccb, abc, boc or cmb. */
                                bank: "icbc" | "ccb" | "abc" | "boc" | "cmb";
                            };
                        };
                        confirm?: boolean;
                        capture_method?: "automatic" | "manual";
                        description?: string;
                        /** @description Up to 50 keys (40 characters each) with string values (500 characters each). */
                        metadata?: {
                            [key: string]: string;
                        };
                        return_url?: string;
                    };
                };
            };
            responses: {
                /** @description The payment intent (a declined confirmation answers 402 with the intent in error.payment_intent) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["payment_intent"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_intents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a payment intent: the merchant its own, the operator any (a card payment left processing is synced with the processor) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The payment intent */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["payment_intent"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_intents/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm: the merchant with a saved card, payment code, prepaid card, online banking or the wallet under the customer’s agreement; or the consumer (with the client_secret) from their wallet, a card saved for them, a prepaid card bound to them or online banking */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The payer’s IP address and device id, for risk scoring. */
                        risk_context?: {
                            ip_address?: string;
                            device_id?: string;
                        };
                        payment_method?: string;
                        payment_method_data?: {
                            /** @enum {string} */
                            type: "wallet";
                        } | {
                            /** @enum {string} */
                            type: "payment_code";
                            code: string;
                        } | {
                            /** @enum {string} */
                            type: "prepaid_card";
                            number: string;
                            pin: string;
                        } | {
                            /** @enum {string} */
                            type: "online_banking";
                            online_banking: {
                                /** @description The payer’s bank: icbc, ccb, abc, boc or cmb. */
                                bank: "icbc" | "ccb" | "abc" | "boc" | "cmb";
                            };
                        } | {
                            /** @enum {string} */
                            type: "prepaid_card";
                            prepaid_card: string;
                        };
                        password?: string;
                        client_secret?: string;
                        return_url?: string;
                    };
                };
            };
            responses: {
                /** @description The payment intent (a decline answers 402 with the intent in error.payment_intent) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["payment_intent"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_intents/{id}/verify_challenge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The consumer enters the one-time code the risk engine sent (next_action verify_with_code); a right code continues the payment */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                        client_secret: string;
                    };
                };
            };
            responses: {
                /** @description The payment intent, confirmed (a decline answers 402 with the intent in error.payment_intent) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["payment_intent"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_intents/{id}/capture": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Capture all or part of an authorized payment; the rest of the hold is released */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Minor units (fen for CNY). */
                        amount_to_capture?: number;
                    };
                };
            };
            responses: {
                /** @description The captured payment intent */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["payment_intent"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_intents/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a payment intent and release its hold */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        cancellation_reason?: "duplicate" | "fraudulent" | "requested_by_customer" | "abandoned";
                    };
                };
            };
            responses: {
                /** @description The canceled payment intent */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["payment_intent"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_intents/{id}/increment_authorization": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Raise the amount of an uncaptured wallet payment */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Minor units (fen for CNY). */
                        amount: number;
                    };
                };
            };
            responses: {
                /** @description The payment intent with its new amount */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["payment_intent"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List refunds, newest first: the merchant's own, or every merchant's for the operator; filter by payment_intent, status, merchant (operator) and created range */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    starting_after?: string;
                    ending_before?: string;
                    payment_intent?: string;
                    status?: "pending" | "succeeded" | "failed";
                    /** @description Operator key only: one merchant’s refunds. */
                    merchant?: string;
                    /** @description Created at or after this Unix second. */
                    "created[gte]"?: number;
                    /** @description Created after this Unix second. */
                    "created[gt]"?: number;
                    /** @description Created at or before this Unix second. */
                    "created[lte]"?: number;
                    /** @description Created before this Unix second. */
                    "created[lt]"?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of refunds */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: components["schemas"]["refund"][];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Refund all or part of a payment, back to the original method: the merchant its own, the operator any */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        payment_intent: string;
                        /** @description Minor units (fen for CNY). */
                        amount?: number;
                        reason?: "duplicate" | "fraudulent" | "requested_by_customer";
                        /** @description Up to 50 keys (40 characters each) with string values (500 characters each). */
                        metadata?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            responses: {
                /** @description The refund */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["refund"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/refunds/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a refund: the merchant its own, the operator any */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The refund */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["refund"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_intents/{id}/ledger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The ledger transfers of a payment (its holds, capture, fee, splits, voids and refunds) with the accounts they touch and their net effect (operator) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The payment’s transfers */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "payment_ledger";
                            payment_intent: string;
                            /** @description Oldest first: holds (with pending_status), capture, fee, splits, voids, refunds. */
                            transfers: components["schemas"]["ledger_transfer"][];
                            /** @description Every account the transfers touch, with its balances now. */
                            accounts: components["schemas"]["ledger_account"][];
                            /** @description What the payment’s transfers did to each account; over all accounts, posted and pending each sum to zero. */
                            net: {
                                account: string;
                                /** @description Credits less debits these transfers posted to the account, in minor units. */
                                posted: number;
                                /** @description Credits less debits still held (pending) by them, in minor units. */
                                pending: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/top_ups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Top up the signed-in consumer’s wallet from a bank card (send an Idempotency-Key); a card that needs 3-D Secure answers status requires_action with next_action */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Minor units (fen for CNY). */
                        amount: number;
                        /** @description ISO 4217 code in lower case, e.g. cny. */
                        currency: string;
                        card: {
                            number: string;
                            exp_month: number;
                            exp_year: number;
                            cvc?: string;
                        };
                        return_url?: string;
                    };
                };
            };
            responses: {
                /** @description The top-up: succeeded, or requires_action (a declined card answers 402 with the failed top-up in error.top_up) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["top_up"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/top_ups/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve one of the signed-in consumer’s top-ups (one waiting on the acquirer is synced first) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The top-up */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["top_up"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the merchant's payment links, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    starting_after?: string;
                    ending_before?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of payment links */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: components["schemas"]["payment_link"][];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a payment link: a URL and QR code that open checkout for a fixed amount, or for an amount the payer enters when amount is left out */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Minor units (fen for CNY). */
                        amount?: number;
                        /** @description ISO 4217 code in lower case, e.g. cny. */
                        currency: string;
                        description?: string;
                        /** @description Up to 50 keys (40 characters each) with string values (500 characters each). */
                        metadata?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            responses: {
                /** @description The new payment link */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["payment_link"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_links/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a payment link */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The payment link */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["payment_link"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Update a payment link; active=false stops it taking payments (its printed QR code then says so) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        active?: boolean;
                        description?: string;
                        /** @description Up to 50 keys (40 characters each) with string values (500 characters each). */
                        metadata?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            responses: {
                /** @description The updated payment link */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["payment_link"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payment_links/{id}/pay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The signed-in consumer pays a payment link from their wallet with the payment password (send an Idempotency-Key) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Minor units (fen for CNY). */
                        amount?: number;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description The payment intent (a decline answers 402 with the intent in error.payment_intent) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["payment_intent"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/charging/tariffs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The operator’s tariffs (each at its current version), newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    starting_after?: string;
                    ending_before?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of tariffs */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "charging_tariff";
                                id: string;
                                name: string;
                                /** @description Each change makes a new version; a session keeps the one in force when it started. */
                                version: number;
                                currency: string;
                                tiers: {
                                    [key: string]: {
                                        energy_price: string;
                                        service_price: string;
                                    };
                                };
                                slots: string[];
                                idle_fee_per_minute: number;
                                idle_grace_minutes: number;
                                session_fee: number;
                                min_hold_amount: number;
                                created: number;
                                updated: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a time-of-use tariff: four tiers of electricity and service prices per kWh, 48 half-hour slots, idle and session fees */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @description ISO 4217 code in lower case, e.g. cny. */
                        currency: string;
                        tiers: {
                            sharp: {
                                /** @description Per kWh, major units, at most 5 decimals: "0.85230". */
                                energy_price: string;
                                /** @description Per kWh, major units, at most 5 decimals: "0.85230". */
                                service_price: string;
                            };
                            peak: {
                                /** @description Per kWh, major units, at most 5 decimals: "0.85230". */
                                energy_price: string;
                                /** @description Per kWh, major units, at most 5 decimals: "0.85230". */
                                service_price: string;
                            };
                            flat: {
                                /** @description Per kWh, major units, at most 5 decimals: "0.85230". */
                                energy_price: string;
                                /** @description Per kWh, major units, at most 5 decimals: "0.85230". */
                                service_price: string;
                            };
                            valley: {
                                /** @description Per kWh, major units, at most 5 decimals: "0.85230". */
                                energy_price: string;
                                /** @description Per kWh, major units, at most 5 decimals: "0.85230". */
                                service_price: string;
                            };
                        };
                        /** @description 48 tier names: slot 0 is 00:00–00:30 in the station’s local time. */
                        slots: ("sharp" | "peak" | "flat" | "valley")[];
                        /** @description Occupancy fee (占位费) per minute once charging has finished and the grace period is over. */
                        idle_fee_per_minute?: number;
                        idle_grace_minutes?: number;
                        /** @description A fixed fee per session. */
                        session_fee?: number;
                        /** @description The least a session must hold before charging starts. */
                        min_hold_amount: number;
                    };
                };
            };
            responses: {
                /** @description The tariff, version 1 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "charging_tariff";
                            id: string;
                            name: string;
                            /** @description Each change makes a new version; a session keeps the one in force when it started. */
                            version: number;
                            currency: string;
                            tiers: {
                                [key: string]: {
                                    energy_price: string;
                                    service_price: string;
                                };
                            };
                            slots: string[];
                            idle_fee_per_minute: number;
                            idle_grace_minutes: number;
                            session_fee: number;
                            min_hold_amount: number;
                            created: number;
                            updated: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/charging/tariffs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a tariff (its current version) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The tariff */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "charging_tariff";
                            id: string;
                            name: string;
                            /** @description Each change makes a new version; a session keeps the one in force when it started. */
                            version: number;
                            currency: string;
                            tiers: {
                                [key: string]: {
                                    energy_price: string;
                                    service_price: string;
                                };
                            };
                            slots: string[];
                            idle_fee_per_minute: number;
                            idle_grace_minutes: number;
                            session_fee: number;
                            min_hold_amount: number;
                            created: number;
                            updated: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Change a tariff: a new version for sessions starting from now; running sessions keep theirs */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @description ISO 4217 code in lower case, e.g. cny. */
                        currency: string;
                        tiers: {
                            sharp: {
                                /** @description Per kWh, major units, at most 5 decimals: "0.85230". */
                                energy_price: string;
                                /** @description Per kWh, major units, at most 5 decimals: "0.85230". */
                                service_price: string;
                            };
                            peak: {
                                /** @description Per kWh, major units, at most 5 decimals: "0.85230". */
                                energy_price: string;
                                /** @description Per kWh, major units, at most 5 decimals: "0.85230". */
                                service_price: string;
                            };
                            flat: {
                                /** @description Per kWh, major units, at most 5 decimals: "0.85230". */
                                energy_price: string;
                                /** @description Per kWh, major units, at most 5 decimals: "0.85230". */
                                service_price: string;
                            };
                            valley: {
                                /** @description Per kWh, major units, at most 5 decimals: "0.85230". */
                                energy_price: string;
                                /** @description Per kWh, major units, at most 5 decimals: "0.85230". */
                                service_price: string;
                            };
                        };
                        /** @description 48 tier names: slot 0 is 00:00–00:30 in the station’s local time. */
                        slots: ("sharp" | "peak" | "flat" | "valley")[];
                        /** @description Occupancy fee (占位费) per minute once charging has finished and the grace period is over. */
                        idle_fee_per_minute?: number;
                        idle_grace_minutes?: number;
                        /** @description A fixed fee per session. */
                        session_fee?: number;
                        /** @description The least a session must hold before charging starts. */
                        min_hold_amount: number;
                    };
                };
            };
            responses: {
                /** @description The tariff’s new version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "charging_tariff";
                            id: string;
                            name: string;
                            /** @description Each change makes a new version; a session keeps the one in force when it started. */
                            version: number;
                            currency: string;
                            tiers: {
                                [key: string]: {
                                    energy_price: string;
                                    service_price: string;
                                };
                            };
                            slots: string[];
                            idle_fee_per_minute: number;
                            idle_grace_minutes: number;
                            session_fee: number;
                            min_hold_amount: number;
                            created: number;
                            updated: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/charging/tariffs/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A tariff’s versions, newest first: each as it stood, with `updated` the time it was made */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The versions */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "charging_tariff";
                                id: string;
                                name: string;
                                /** @description Each change makes a new version; a session keeps the one in force when it started. */
                                version: number;
                                currency: string;
                                tiers: {
                                    [key: string]: {
                                        energy_price: string;
                                        service_price: string;
                                    };
                                };
                                slots: string[];
                                idle_fee_per_minute: number;
                                idle_grace_minutes: number;
                                session_fee: number;
                                min_hold_amount: number;
                                created: number;
                                updated: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/charging/stations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The operator’s stations, newest first: online state and each connector’s status */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    starting_after?: string;
                    ending_before?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of stations */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "charging_station";
                                id: string;
                                name: string;
                                timezone: string;
                                tariff: string;
                                online: boolean;
                                last_seen_at: number | null;
                                vendor: string | null;
                                model: string | null;
                                firmware: string | null;
                                site_host: {
                                    merchant: string;
                                    share_bps: number;
                                } | null;
                                connectors: {
                                    id: number;
                                    type: string;
                                    max_power_w: number;
                                    status: string;
                                    error_code: string;
                                    status_at: number | null;
                                }[];
                                created: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Register a station (its OCPP charge box id, time zone, tariff, basic-auth password and connectors) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The OCPP charge box id: the last path segment of the station’s WebSocket URL. */
                        id: string;
                        name: string;
                        /** @description IANA time zone, e.g. Asia/Shanghai: tariff slots follow its wall clock. */
                        timezone: string;
                        tariff: string;
                        /** @description The station’s HTTP basic-auth key (OCPP security profile 1). */
                        password: string;
                        site_host?: {
                            /** @description The merchant hosting the station: a car park, a mall. */
                            merchant: string;
                            /** @description Their share of each session’s service, idle and session fees (not the electricity), in basis points. */
                            share_bps: number;
                        };
                        connectors: {
                            id: number;
                            /** @description e.g. GB/T DC, GB/T AC, CCS2, Type 2 */
                            type: string;
                            max_power_w: number;
                        }[];
                    };
                };
            };
            responses: {
                /** @description The station */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "charging_station";
                            id: string;
                            name: string;
                            timezone: string;
                            tariff: string;
                            online: boolean;
                            last_seen_at: number | null;
                            vendor: string | null;
                            model: string | null;
                            firmware: string | null;
                            site_host: {
                                merchant: string;
                                share_bps: number;
                            } | null;
                            connectors: {
                                id: number;
                                type: string;
                                max_power_w: number;
                                status: string;
                                error_code: string;
                                status_at: number | null;
                            }[];
                            created: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/charging/stations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a station: online state and each connector’s status */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The station */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "charging_station";
                            id: string;
                            name: string;
                            timezone: string;
                            tariff: string;
                            online: boolean;
                            last_seen_at: number | null;
                            vendor: string | null;
                            model: string | null;
                            firmware: string | null;
                            site_host: {
                                merchant: string;
                                share_bps: number;
                            } | null;
                            connectors: {
                                id: number;
                                type: string;
                                max_power_w: number;
                                status: string;
                                error_code: string;
                                status_at: number | null;
                            }[];
                            created: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/charging/stations/{id}/commands": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a station’s commands, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    starting_after?: string;
                    ending_before?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of commands */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "charging_command";
                                id: string;
                                station: string;
                                action: "RemoteStartTransaction" | "RemoteStopTransaction" | "Reset" | "ChangeAvailability" | "UnlockConnector" | "GetConfiguration" | "ChangeConfiguration" | "TriggerMessage";
                                /** @description The payload sent, as checked. */
                                params: {
                                    [key: string]: unknown;
                                };
                                /** @description What asked for the command (a charging session id), or null. */
                                reference: string | null;
                                status: "queued" | "sent" | "accepted" | "rejected" | "failed" | "expired";
                                /** @description The station’s answer (OCPP 1.6 .conf payload), whole. */
                                result: {
                                    [key: string]: unknown;
                                } | null;
                                /** @description station_not_connected, call_timeout, connection_lost, call_error:<code>, outcome_unknown, answer_invalid, attempts_exhausted; while queued, the last attempt’s. */
                                failure: string | null;
                                attempts: number;
                                /** @description Unix seconds: never sent from then on. */
                                expires_at: number;
                                /** @description Unix seconds. */
                                created: number;
                                /** @description Unix seconds. */
                                completed_at: number | null;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Send a station an OCPP 1.6 command (RemoteStartTransaction, RemoteStopTransaction, Reset, ChangeAvailability, UnlockConnector, GetConfiguration, ChangeConfiguration, TriggerMessage): queued, answered 202 */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        action: "RemoteStartTransaction" | "RemoteStopTransaction" | "Reset" | "ChangeAvailability" | "UnlockConnector" | "GetConfiguration" | "ChangeConfiguration" | "TriggerMessage";
                        /** @description The action’s OCPP 1.6 payload: RemoteStartTransaction {idTag, connectorId?}, RemoteStopTransaction {transactionId}, Reset {type}, ChangeAvailability {connectorId, type}, UnlockConnector {connectorId}, GetConfiguration {key?}, ChangeConfiguration {key, value}, TriggerMessage {requestedMessage, connectorId?}. {} when left out. */
                        params?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description The command, queued: retrieve it for the station’s answer */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "charging_command";
                            id: string;
                            station: string;
                            action: "RemoteStartTransaction" | "RemoteStopTransaction" | "Reset" | "ChangeAvailability" | "UnlockConnector" | "GetConfiguration" | "ChangeConfiguration" | "TriggerMessage";
                            /** @description The payload sent, as checked. */
                            params: {
                                [key: string]: unknown;
                            };
                            /** @description What asked for the command (a charging session id), or null. */
                            reference: string | null;
                            status: "queued" | "sent" | "accepted" | "rejected" | "failed" | "expired";
                            /** @description The station’s answer (OCPP 1.6 .conf payload), whole. */
                            result: {
                                [key: string]: unknown;
                            } | null;
                            /** @description station_not_connected, call_timeout, connection_lost, call_error:<code>, outcome_unknown, answer_invalid, attempts_exhausted; while queued, the last attempt’s. */
                            failure: string | null;
                            attempts: number;
                            /** @description Unix seconds: never sent from then on. */
                            expires_at: number;
                            /** @description Unix seconds. */
                            created: number;
                            /** @description Unix seconds. */
                            completed_at: number | null;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/charging/commands/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a command: its status and the station’s answer */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The command */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "charging_command";
                            id: string;
                            station: string;
                            action: "RemoteStartTransaction" | "RemoteStopTransaction" | "Reset" | "ChangeAvailability" | "UnlockConnector" | "GetConfiguration" | "ChangeConfiguration" | "TriggerMessage";
                            /** @description The payload sent, as checked. */
                            params: {
                                [key: string]: unknown;
                            };
                            /** @description What asked for the command (a charging session id), or null. */
                            reference: string | null;
                            status: "queued" | "sent" | "accepted" | "rejected" | "failed" | "expired";
                            /** @description The station’s answer (OCPP 1.6 .conf payload), whole. */
                            result: {
                                [key: string]: unknown;
                            } | null;
                            /** @description station_not_connected, call_timeout, connection_lost, call_error:<code>, outcome_unknown, answer_invalid, attempts_exhausted; while queued, the last attempt’s. */
                            failure: string | null;
                            attempts: number;
                            /** @description Unix seconds: never sent from then on. */
                            expires_at: number;
                            /** @description Unix seconds. */
                            created: number;
                            /** @description Unix seconds. */
                            completed_at: number | null;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/charging/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The consumer’s charging sessions, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    starting_after?: string;
                    station?: string;
                    status?: "starting" | "charging" | "finishing" | "completed" | "failed";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of sessions */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "charging_session";
                                id: string;
                                station: string;
                                connector: number;
                                transaction_id: number | null;
                                status: "starting" | "charging" | "finishing" | "completed" | "failed";
                                payer: string;
                                customer: string | null;
                                payment_intent: string | null;
                                tariff: {
                                    id: string;
                                    version: number;
                                };
                                currency: string;
                                hold_amount: number;
                                energy_wh: number;
                                power_w: number | null;
                                /** @description Minor units: running while charging, final once completed; never more than the hold. */
                                amount: number;
                                /** @description What the tariff prices the session at, before the cap. */
                                priced_amount: number;
                                line_items: {
                                    type: "energy" | "service" | "idle" | "session_fee" | "cap";
                                    tier?: string;
                                    energy_wh?: number;
                                    minutes?: number;
                                    /** @description Per kWh in major units (energy, service), or minor units per minute (idle). */
                                    unit_price?: string;
                                    /** @description Minor units; the `cap` line is negative: what the session cost beyond its hold, which is not charged. */
                                    amount: number;
                                }[];
                                started_at: number | null;
                                stopped_at: number | null;
                                stop_reason: string | null;
                                /** @description What the operator should look at: cap_reached, station_vanished, hold_declined, tag_invalid, … */
                                flags: string[];
                                failure_reason: string | null;
                                created: number;
                                updated: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Start charging at a connector (scan to charge): the hold is placed, then the station is told to start */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        station: string;
                        connector: number;
                        /** @description `wallet`, a saved card `pm_…` (saved with the operator’s publishable key), a prepaid card bound to the consumer `ppc_…` (with `payment_password`), or a prepaid card number (with `pin`). */
                        payment_method: string;
                        /** @description Minor units (fen for CNY). */
                        hold_amount: number;
                        /** @description The payment password: for the wallet (not needed when the consumer has an agreement (免密支付) with the operator) and for a bound prepaid card. */
                        payment_password?: string;
                        /** @description The prepaid card’s PIN. */
                        pin?: string;
                        /** @description Raise the hold when the running cost reaches it instead of stopping (wallet under an agreement only). */
                        auto_increment?: boolean;
                    };
                };
            };
            responses: {
                /** @description The session, starting */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "charging_session";
                            id: string;
                            station: string;
                            connector: number;
                            transaction_id: number | null;
                            status: "starting" | "charging" | "finishing" | "completed" | "failed";
                            payer: string;
                            customer: string | null;
                            payment_intent: string | null;
                            tariff: {
                                id: string;
                                version: number;
                            };
                            currency: string;
                            hold_amount: number;
                            energy_wh: number;
                            power_w: number | null;
                            /** @description Minor units: running while charging, final once completed; never more than the hold. */
                            amount: number;
                            /** @description What the tariff prices the session at, before the cap. */
                            priced_amount: number;
                            line_items: {
                                type: "energy" | "service" | "idle" | "session_fee" | "cap";
                                tier?: string;
                                energy_wh?: number;
                                minutes?: number;
                                /** @description Per kWh in major units (energy, service), or minor units per minute (idle). */
                                unit_price?: string;
                                /** @description Minor units; the `cap` line is negative: what the session cost beyond its hold, which is not charged. */
                                amount: number;
                            }[];
                            started_at: number | null;
                            stopped_at: number | null;
                            stop_reason: string | null;
                            /** @description What the operator should look at: cap_reached, station_vanished, hold_declined, tag_invalid, … */
                            flags: string[];
                            failure_reason: string | null;
                            created: number;
                            updated: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/charging/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The operator’s charging sessions, newest first, by station and status */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    starting_after?: string;
                    station?: string;
                    status?: "starting" | "charging" | "finishing" | "completed" | "failed";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of sessions */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "charging_session";
                                id: string;
                                station: string;
                                connector: number;
                                transaction_id: number | null;
                                status: "starting" | "charging" | "finishing" | "completed" | "failed";
                                payer: string;
                                customer: string | null;
                                payment_intent: string | null;
                                tariff: {
                                    id: string;
                                    version: number;
                                };
                                currency: string;
                                hold_amount: number;
                                energy_wh: number;
                                power_w: number | null;
                                /** @description Minor units: running while charging, final once completed; never more than the hold. */
                                amount: number;
                                /** @description What the tariff prices the session at, before the cap. */
                                priced_amount: number;
                                line_items: {
                                    type: "energy" | "service" | "idle" | "session_fee" | "cap";
                                    tier?: string;
                                    energy_wh?: number;
                                    minutes?: number;
                                    /** @description Per kWh in major units (energy, service), or minor units per minute (idle). */
                                    unit_price?: string;
                                    /** @description Minor units; the `cap` line is negative: what the session cost beyond its hold, which is not charged. */
                                    amount: number;
                                }[];
                                started_at: number | null;
                                stopped_at: number | null;
                                stop_reason: string | null;
                                /** @description What the operator should look at: cap_reached, station_vanished, hold_declined, tag_invalid, … */
                                flags: string[];
                                failure_reason: string | null;
                                created: number;
                                updated: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/charging/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a charging session (the operator’s key, or the consumer’s session token for their own) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The session */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "charging_session";
                            id: string;
                            station: string;
                            connector: number;
                            transaction_id: number | null;
                            status: "starting" | "charging" | "finishing" | "completed" | "failed";
                            payer: string;
                            customer: string | null;
                            payment_intent: string | null;
                            tariff: {
                                id: string;
                                version: number;
                            };
                            currency: string;
                            hold_amount: number;
                            energy_wh: number;
                            power_w: number | null;
                            /** @description Minor units: running while charging, final once completed; never more than the hold. */
                            amount: number;
                            /** @description What the tariff prices the session at, before the cap. */
                            priced_amount: number;
                            line_items: {
                                type: "energy" | "service" | "idle" | "session_fee" | "cap";
                                tier?: string;
                                energy_wh?: number;
                                minutes?: number;
                                /** @description Per kWh in major units (energy, service), or minor units per minute (idle). */
                                unit_price?: string;
                                /** @description Minor units; the `cap` line is negative: what the session cost beyond its hold, which is not charged. */
                                amount: number;
                            }[];
                            started_at: number | null;
                            stopped_at: number | null;
                            stop_reason: string | null;
                            /** @description What the operator should look at: cap_reached, station_vanished, hold_declined, tag_invalid, … */
                            flags: string[];
                            failure_reason: string | null;
                            created: number;
                            updated: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/charging/sessions/{id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop a session (the consumer their own, the operator any of theirs): RemoteStopTransaction goes to the station */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The session; it completes when the station sends StopTransaction */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "charging_session";
                            id: string;
                            station: string;
                            connector: number;
                            transaction_id: number | null;
                            status: "starting" | "charging" | "finishing" | "completed" | "failed";
                            payer: string;
                            customer: string | null;
                            payment_intent: string | null;
                            tariff: {
                                id: string;
                                version: number;
                            };
                            currency: string;
                            hold_amount: number;
                            energy_wh: number;
                            power_w: number | null;
                            /** @description Minor units: running while charging, final once completed; never more than the hold. */
                            amount: number;
                            /** @description What the tariff prices the session at, before the cap. */
                            priced_amount: number;
                            line_items: {
                                type: "energy" | "service" | "idle" | "session_fee" | "cap";
                                tier?: string;
                                energy_wh?: number;
                                minutes?: number;
                                /** @description Per kWh in major units (energy, service), or minor units per minute (idle). */
                                unit_price?: string;
                                /** @description Minor units; the `cap` line is negative: what the session cost beyond its hold, which is not charged. */
                                amount: number;
                            }[];
                            started_at: number | null;
                            stopped_at: number | null;
                            stop_reason: string | null;
                            /** @description What the operator should look at: cap_reached, station_vanished, hold_declined, tag_invalid, … */
                            flags: string[];
                            failure_reason: string | null;
                            created: number;
                            updated: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/charging/id_tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register the RFID tag of a prepaid card the operator issued (or a platform card) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The RFID card’s OCPP idTag (its uid): 1 to 20 printable ASCII characters. */
                        id_tag: string;
                        prepaid_card: string;
                    };
                };
            };
            responses: {
                /** @description The tag */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "charging_id_tag";
                            id_tag: string;
                            prepaid_card: string | null;
                            customer: string | null;
                            status: "active" | "blocked";
                            created: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/charging/id_tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your registered RFID cards */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Your tags */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "charging_id_tag";
                                id_tag: string;
                                prepaid_card: string | null;
                                customer: string | null;
                                status: "active" | "blocked";
                                created: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Register your own RFID card: it charges your wallet under your agreement (免密支付) with the operator */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The RFID card’s OCPP idTag (its uid): 1 to 20 printable ASCII characters. */
                        id_tag: string;
                    };
                };
            };
            responses: {
                /** @description The tag */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "charging_id_tag";
                            id_tag: string;
                            prepaid_card: string | null;
                            customer: string | null;
                            status: "active" | "blocked";
                            created: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/charging/enrollment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How unknown stations are treated: rejected, or let in as pending with the enrollment key (never shown again) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The setting */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "charging_enrollment";
                            unknown_stations: "reject" | "pending";
                            /** @description The basic-auth password an unknown station presents to join as pending: shown once, in the answer to the request that made it (not in a replay of it); null otherwise. */
                            enrollment_key: string | null;
                            /** @description When the current key was made; null when unknown stations are rejected. */
                            key_created: number | (never | null);
                            /** @description Null until the setting is first changed. */
                            updated: number | (never | null);
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Reject unknown stations, or let them join as pending with a new enrollment key (returned this once; the previous key stops working) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description reject: stations with unknown ids are refused. pending: they may join with the enrollment key, as pending stations for you to approve; asking again makes a new key. */
                        unknown_stations: "reject" | "pending";
                    };
                };
            };
            responses: {
                /** @description The setting, with the new enrollment key when unknown_stations is pending */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "charging_enrollment";
                            unknown_stations: "reject" | "pending";
                            /** @description The basic-auth password an unknown station presents to join as pending: shown once, in the answer to the request that made it (not in a replay of it); null otherwise. */
                            enrollment_key: string | null;
                            /** @description When the current key was made; null when unknown stations are rejected. */
                            key_created: number | (never | null);
                            /** @description Null until the setting is first changed. */
                            updated: number | (never | null);
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/charging/pending_stations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the stations waiting for your approval, most recently first seen first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    starting_after?: string;
                    ending_before?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of pending stations */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "charging_pending_station";
                                /** @description The OCPP charge box id the station connected with. */
                                id: string;
                                status: "pending" | "rejected";
                                vendor: string | null;
                                model: string | null;
                                firmware: string | null;
                                /** @description Unix seconds: when it first connected with the enrollment key. */
                                created: number;
                                /** @description Unix seconds. */
                                last_seen_at: number | null;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/charging/pending_stations/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve a pending station: register it under its id (the fields of POST /v1/charging/stations but id); it connects again with the password given here */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @description IANA time zone, e.g. Asia/Shanghai: tariff slots follow its wall clock. */
                        timezone: string;
                        tariff: string;
                        /** @description The station’s HTTP basic-auth key (OCPP security profile 1). */
                        password: string;
                        site_host?: {
                            /** @description The merchant hosting the station: a car park, a mall. */
                            merchant: string;
                            /** @description Their share of each session’s service, idle and session fees (not the electricity), in basis points. */
                            share_bps: number;
                        };
                        connectors: {
                            id: number;
                            /** @description e.g. GB/T DC, GB/T AC, CCS2, Type 2 */
                            type: string;
                            max_power_w: number;
                        }[];
                    };
                };
            };
            responses: {
                /** @description The registered station */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "charging_station";
                            id: string;
                            name: string;
                            timezone: string;
                            tariff: string;
                            online: boolean;
                            last_seen_at: number | null;
                            vendor: string | null;
                            model: string | null;
                            firmware: string | null;
                            site_host: {
                                merchant: string;
                                share_bps: number;
                            } | null;
                            connectors: {
                                id: number;
                                type: string;
                                max_power_w: number;
                                status: string;
                                error_code: string;
                                status_at: number | null;
                            }[];
                            created: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/charging/pending_stations/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a pending station: it is deleted, disconnected, and refused from now on */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description The station, rejected */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "charging_pending_station";
                            /** @description The OCPP charge box id the station connected with. */
                            id: string;
                            status: "pending" | "rejected";
                            vendor: string | null;
                            model: string | null;
                            firmware: string | null;
                            /** @description Unix seconds: when it first connected with the enrollment key. */
                            created: number;
                            /** @description Unix seconds. */
                            last_seen_at: number | null;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/charging/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Per station and local day: sessions completed, energy, revenue and utilization, with totals (at most 92 days, 100 stations) */
        get: {
            parameters: {
                query: {
                    /** @description The first local day, YYYY-MM-DD (in each station’s time zone). */
                    from: string;
                    /** @description The last local day, inclusive; at most 92 days from `from`. */
                    to: string;
                    /** @description One station only. */
                    station?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The figures, by station then day */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "charging_stats";
                            from: string;
                            to: string;
                            station: string | null;
                            data: {
                                station: string;
                                /** @description The station’s local day. */
                                date: string;
                                timezone: string;
                                connectors: number;
                                /** @description Sessions that completed (stopped and were paid) on the day. */
                                sessions_completed: number;
                                /** @description Energy of those sessions, Wh. */
                                energy_wh: number;
                                /** @description What completed sessions were paid, per currency: the sum of their `amount`. */
                                revenue: {
                                    /** @description Minor units. */
                                    amount: number;
                                    currency: string;
                                }[];
                                /** @description Time in a session ÷ (connectors × the day’s length), 4 decimals, rounded half up. */
                                utilization: string;
                            }[];
                            totals: {
                                /** @description Sessions that completed (stopped and were paid) on the day. */
                                sessions_completed: number;
                                /** @description Energy of those sessions, Wh. */
                                energy_wh: number;
                                /** @description What completed sessions were paid, per currency: the sum of their `amount`. */
                                revenue: {
                                    /** @description Minor units. */
                                    amount: number;
                                    currency: string;
                                }[];
                                /** @description Time in a session ÷ (connectors × the day’s length), 4 decimals, rounded half up. */
                                utilization: string;
                            };
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/prepaid_cards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List prepaid cards, newest first: a merchant’s own, or every card for the operator */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    starting_after?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of prepaid cards */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "prepaid_card";
                                id: string;
                                last4: string;
                                currency: string;
                                status: "active" | "blocked";
                                /** @description What the card can pay now, in minor units. */
                                balance: number;
                                /** @description Held by uncaptured payments, in minor units. */
                                held: number;
                                /** @description `platform` (accepted by every merchant) or the issuing merchant’s id (accepted only there). */
                                issuer: string;
                                nickname: string | null;
                                metadata: {
                                    [key: string]: string;
                                };
                                /** @description The consumer who bound the card to their account (POST /v1/me/prepaid_cards), or null. */
                                customer: string | null;
                                /** @description Unix seconds. */
                                created: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Issue a prepaid card: the number (and a generated PIN) are shown in this answer only */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description ISO 4217 code in lower case, e.g. cny. */
                        currency: string;
                        /** @description Six digits. */
                        pin?: string;
                        /** @description Minor units (fen for CNY). */
                        initial_amount?: number;
                        nickname?: string;
                        /** @description Up to 50 keys (40 characters each) with string values (500 characters each). */
                        metadata?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            responses: {
                /** @description The new card with its number */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "prepaid_card";
                            id: string;
                            last4: string;
                            currency: string;
                            status: "active" | "blocked";
                            /** @description What the card can pay now, in minor units. */
                            balance: number;
                            /** @description Held by uncaptured payments, in minor units. */
                            held: number;
                            /** @description `platform` (accepted by every merchant) or the issuing merchant’s id (accepted only there). */
                            issuer: string;
                            nickname: string | null;
                            metadata: {
                                [key: string]: string;
                            };
                            /** @description The consumer who bound the card to their account (POST /v1/me/prepaid_cards), or null. */
                            customer: string | null;
                            /** @description Unix seconds. */
                            created: number;
                            /** @description The full card number, shown in this answer only (null in an idempotent replay). */
                            number: string | null;
                            /** @description The generated PIN when none was chosen, shown in this answer only. */
                            pin?: string | null;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/prepaid_cards/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a prepaid card with its balance (never its number) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The card */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "prepaid_card";
                            id: string;
                            last4: string;
                            currency: string;
                            status: "active" | "blocked";
                            /** @description What the card can pay now, in minor units. */
                            balance: number;
                            /** @description Held by uncaptured payments, in minor units. */
                            held: number;
                            /** @description `platform` (accepted by every merchant) or the issuing merchant’s id (accepted only there). */
                            issuer: string;
                            nickname: string | null;
                            metadata: {
                                [key: string]: string;
                            };
                            /** @description The consumer who bound the card to their account (POST /v1/me/prepaid_cards), or null. */
                            customer: string | null;
                            /** @description Unix seconds. */
                            created: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/prepaid_cards/{id}/transactions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every movement of the card’s balance, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    starting_after?: string;
                    ending_before?: string;
                };
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of the statement */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "prepaid_card_transaction";
                                id: string;
                                /** @description Signed minor units: positive onto the card, negative off it. */
                                amount: number;
                                currency: string;
                                /** @description The kind of movement: prepaid_load, payment, refund, … */
                                type: string;
                                hold: boolean;
                                description: string;
                                created: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/prepaid_cards/{id}/loads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Load money the issuer collected (cash, bank transfer) onto the card (send an Idempotency-Key) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Minor units (fen for CNY). */
                        amount: number;
                    };
                };
            };
            responses: {
                /** @description The load */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "prepaid_card_load";
                            id: string;
                            prepaid_card: string;
                            /** @description Minor units (fen for CNY). */
                            amount: number;
                            currency: string;
                            created: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/prepaid_cards/{id}/block": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Block the card: it can no longer pay or be loaded (refunds to it still land) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description The card */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "prepaid_card";
                            id: string;
                            last4: string;
                            currency: string;
                            status: "active" | "blocked";
                            /** @description What the card can pay now, in minor units. */
                            balance: number;
                            /** @description Held by uncaptured payments, in minor units. */
                            held: number;
                            /** @description `platform` (accepted by every merchant) or the issuing merchant’s id (accepted only there). */
                            issuer: string;
                            nickname: string | null;
                            metadata: {
                                [key: string]: string;
                            };
                            /** @description The consumer who bound the card to their account (POST /v1/me/prepaid_cards), or null. */
                            customer: string | null;
                            /** @description Unix seconds. */
                            created: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/prepaid_cards/{id}/unblock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unblock the card */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description The card */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "prepaid_card";
                            id: string;
                            last4: string;
                            currency: string;
                            status: "active" | "blocked";
                            /** @description What the card can pay now, in minor units. */
                            balance: number;
                            /** @description Held by uncaptured payments, in minor units. */
                            held: number;
                            /** @description `platform` (accepted by every merchant) or the issuing merchant’s id (accepted only there). */
                            issuer: string;
                            nickname: string | null;
                            metadata: {
                                [key: string]: string;
                            };
                            /** @description The consumer who bound the card to their account (POST /v1/me/prepaid_cards), or null. */
                            customer: string | null;
                            /** @description Unix seconds. */
                            created: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/prepaid_cards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The prepaid cards the signed-in consumer bound, with their balances, most recently bound first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The cards (one page: has_more is false) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "prepaid_card";
                                id: string;
                                last4: string;
                                currency: string;
                                status: "active" | "blocked";
                                /** @description What the card can pay now, in minor units. */
                                balance: number;
                                /** @description Held by uncaptured payments, in minor units. */
                                held: number;
                                /** @description `platform` (accepted by every merchant) or the issuing merchant’s id (accepted only there). */
                                issuer: string;
                                nickname: string | null;
                                metadata: {
                                    [key: string]: string;
                                };
                                /** @description The consumer who bound the card to their account (POST /v1/me/prepaid_cards), or null. */
                                customer: string | null;
                                /** @description Unix seconds. */
                                created: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Bind a prepaid card the consumer holds to their account with its number and PIN (wrong PINs count towards the card’s lock, as at a till) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The card’s 16 digits, grouped as printed if you like. */
                        number: string;
                        /** @description The card’s six-digit PIN. */
                        pin: string;
                    };
                };
            };
            responses: {
                /** @description The card, bound, with its balance */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "prepaid_card";
                            id: string;
                            last4: string;
                            currency: string;
                            status: "active" | "blocked";
                            /** @description What the card can pay now, in minor units. */
                            balance: number;
                            /** @description Held by uncaptured payments, in minor units. */
                            held: number;
                            /** @description `platform` (accepted by every merchant) or the issuing merchant’s id (accepted only there). */
                            issuer: string;
                            nickname: string | null;
                            metadata: {
                                [key: string]: string;
                            };
                            /** @description The consumer who bound the card to their account (POST /v1/me/prepaid_cards), or null. */
                            customer: string | null;
                            /** @description Unix seconds. */
                            created: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/prepaid_cards/{id}/unbind": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unbind a card from the consumer’s account (the card and its balance are unchanged) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description The card, no longer bound */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "prepaid_card";
                            id: string;
                            last4: string;
                            currency: string;
                            status: "active" | "blocked";
                            /** @description What the card can pay now, in minor units. */
                            balance: number;
                            /** @description Held by uncaptured payments, in minor units. */
                            held: number;
                            /** @description `platform` (accepted by every merchant) or the issuing merchant’s id (accepted only there). */
                            issuer: string;
                            nickname: string | null;
                            metadata: {
                                [key: string]: string;
                            };
                            /** @description The consumer who bound the card to their account (POST /v1/me/prepaid_cards), or null. */
                            customer: string | null;
                            /** @description Unix seconds. */
                            created: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The merchant's webhook endpoints */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The endpoints (one page: has_more is false) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: components["schemas"]["webhook_endpoint"][];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Register an endpoint for events; its signing secret is returned this once */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url: string;
                        enabled_events: string[];
                        description?: string;
                    };
                };
            };
            responses: {
                /** @description The endpoint with its signing secret, shown this once */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["webhook_endpoint_with_secret"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a webhook endpoint */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The endpoint */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["webhook_endpoint"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Update a webhook endpoint (url, events, description, disabled) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        url?: string;
                        enabled_events?: string[];
                        description?: string;
                        disabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description The updated endpoint */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["webhook_endpoint"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        /** Delete a webhook endpoint; its pending deliveries are cancelled */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The deleted endpoint */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["deleted_webhook_endpoint"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_endpoints/{id}/roll_secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new signing secret; the previous one keeps signing for a grace period (both signatures are sent) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        expire_previous_in_seconds?: number;
                    };
                };
            };
            responses: {
                /** @description The endpoint with its new signing secret, shown this once */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["webhook_endpoint_with_secret"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The merchant's events of the last 30 days (every merchant's for the operator), newest first; object_id keeps one object's history
         * @description Events are kept for 30 days, as at Stripe (the operator may change this with PAYGRID_EVENT_RETENTION_DAYS); an event whose webhook delivery is still being retried is kept until the delivery finishes. Older events, and their deliveries, are deleted.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    starting_after?: string;
                    ending_before?: string;
                    /** @description Only events about this object (data.object.id), e.g. a payment intent: its history. */
                    object_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of events */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: components["schemas"]["event"][];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve an event with its webhook deliveries (the merchant its own, the operator any) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The event and its deliveries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["event_with_deliveries"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The webhook delivery log, newest first: the merchant’s own, or every merchant’s for the operator; filter by event, endpoint, status and merchant (operator) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    starting_after?: string;
                    ending_before?: string;
                    event?: string;
                    endpoint?: string;
                    status?: "pending" | "succeeded" | "failed" | "canceled";
                    /** @description Operator key only: one merchant’s deliveries. */
                    merchant?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of deliveries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "webhook_delivery";
                                id: string;
                                event: string;
                                /** @description The event’s type; null once the event was purged. */
                                event_type: string | null;
                                endpoint: string;
                                merchant: string;
                                status: "pending" | "succeeded" | "failed" | "canceled";
                                /** @description Attempts made so far. */
                                attempts: number;
                                /** @description Attempts its job allows in all (a manual retry of a failed delivery adds one); null once the job was purged. */
                                max_attempts: number | null;
                                /** @description Unix seconds. */
                                last_attempt_at: number | null;
                                /** @description The HTTP status the receiver answered last time, or null (no attempt yet, or no answer: see last_error). */
                                last_response_status: number | null;
                                /** @description Why the last attempt got no answer (timeout, connection refused, destination_not_allowed: …), or null. */
                                last_error: string | null;
                                /** @description Unix seconds: when the next attempt is due, while the delivery is pending and waiting; null otherwise. */
                                next_retry_at: number | null;
                                /** @description Unix seconds. */
                                finished_at: number | null;
                                /** @description Unix seconds. */
                                created: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_deliveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a webhook delivery */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The delivery */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "webhook_delivery";
                            id: string;
                            event: string;
                            /** @description The event’s type; null once the event was purged. */
                            event_type: string | null;
                            endpoint: string;
                            merchant: string;
                            status: "pending" | "succeeded" | "failed" | "canceled";
                            /** @description Attempts made so far. */
                            attempts: number;
                            /** @description Attempts its job allows in all (a manual retry of a failed delivery adds one); null once the job was purged. */
                            max_attempts: number | null;
                            /** @description Unix seconds. */
                            last_attempt_at: number | null;
                            /** @description The HTTP status the receiver answered last time, or null (no attempt yet, or no answer: see last_error). */
                            last_response_status: number | null;
                            /** @description Why the last attempt got no answer (timeout, connection refused, destination_not_allowed: …), or null. */
                            last_error: string | null;
                            /** @description Unix seconds: when the next attempt is due, while the delivery is pending and waiting; null otherwise. */
                            next_retry_at: number | null;
                            /** @description Unix seconds. */
                            finished_at: number | null;
                            /** @description Unix seconds. */
                            created: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/webhook_deliveries/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Attempt a pending or failed delivery now (a failed one gets one more attempt); succeeded and canceled deliveries are final */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description The delivery, pending, with its attempt due now */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "webhook_delivery";
                            id: string;
                            event: string;
                            /** @description The event’s type; null once the event was purged. */
                            event_type: string | null;
                            endpoint: string;
                            merchant: string;
                            status: "pending" | "succeeded" | "failed" | "canceled";
                            /** @description Attempts made so far. */
                            attempts: number;
                            /** @description Attempts its job allows in all (a manual retry of a failed delivery adds one); null once the job was purged. */
                            max_attempts: number | null;
                            /** @description Unix seconds. */
                            last_attempt_at: number | null;
                            /** @description The HTTP status the receiver answered last time, or null (no attempt yet, or no answer: see last_error). */
                            last_response_status: number | null;
                            /** @description Why the last attempt got no answer (timeout, connection refused, destination_not_allowed: …), or null. */
                            last_error: string | null;
                            /** @description Unix seconds: when the next attempt is due, while the delivery is pending and waiting; null otherwise. */
                            next_retry_at: number | null;
                            /** @description Unix seconds. */
                            finished_at: number | null;
                            /** @description Unix seconds. */
                            created: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reports/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The dashboard: GMV, payments, success and refund rates for today, the last 7 local days and each of them, with risk and charging figures; the platform’s for the operator, a merchant’s own with its secret key */
        get: {
            parameters: {
                query?: {
                    /** @description ISO 4217 code in lower case, e.g. cny. */
                    currency?: string;
                    /** @description Operator key only: one merchant’s dashboard. */
                    merchant?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The dashboard */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "dashboard";
                            /** @description ISO 4217 code in lower case, e.g. cny. */
                            currency: string;
                            /** @description The market’s time zone: days run from its midnight (PAYGRID_RISK_TIME_ZONE). */
                            time_zone: string;
                            /** @description Unix seconds: the time the figures were read. */
                            generated: number;
                            /** @description The merchant the figures are of, or null for the whole platform. */
                            merchant: string | null;
                            today: {
                                /** @description What the payments created in the window that succeeded received (amount_received), in minor units, before refunds. */
                                gmv: number;
                                /** @description Payment intents created in the window. */
                                payment_count: number;
                                /** @description Of those, the ones that succeeded. */
                                succeeded_count: number;
                                /** @description Of those, the ones whose last attempt was declined or blocked by risk control (requires_payment_method with a last_payment_error). */
                                failed_count: number;
                                /** @description Of those, the canceled ones. */
                                canceled_count: number;
                                /** @description succeeded_count ÷ (succeeded_count + failed_count + canceled_count), 4 decimals, half up; "0.0000" when nothing was decided. */
                                success_rate: string;
                                /** @description Succeeded refunds created in the window, in minor units. */
                                refunded_amount: number;
                                /** @description Succeeded refunds created in the window. */
                                refund_count: number;
                                /** @description refunded_amount ÷ gmv of the same window, 4 decimals, half up; "0.0000" when gmv is 0. */
                                refund_rate: string;
                            };
                            last_7_days: {
                                /** @description What the payments created in the window that succeeded received (amount_received), in minor units, before refunds. */
                                gmv: number;
                                /** @description Payment intents created in the window. */
                                payment_count: number;
                                /** @description Of those, the ones that succeeded. */
                                succeeded_count: number;
                                /** @description Of those, the ones whose last attempt was declined or blocked by risk control (requires_payment_method with a last_payment_error). */
                                failed_count: number;
                                /** @description Of those, the canceled ones. */
                                canceled_count: number;
                                /** @description succeeded_count ÷ (succeeded_count + failed_count + canceled_count), 4 decimals, half up; "0.0000" when nothing was decided. */
                                success_rate: string;
                                /** @description Succeeded refunds created in the window, in minor units. */
                                refunded_amount: number;
                                /** @description Succeeded refunds created in the window. */
                                refund_count: number;
                                /** @description refunded_amount ÷ gmv of the same window, 4 decimals, half up; "0.0000" when gmv is 0. */
                                refund_rate: string;
                            };
                            /** @description The last seven local days, oldest first, ending today. */
                            daily: {
                                /** @description The local day. */
                                date: string;
                                /** @description What the payments created in the window that succeeded received (amount_received), in minor units, before refunds. */
                                gmv: number;
                                /** @description Payment intents created in the window. */
                                payment_count: number;
                                /** @description Of those, the ones that succeeded. */
                                succeeded_count: number;
                                /** @description Of those, the ones whose last attempt was declined or blocked by risk control (requires_payment_method with a last_payment_error). */
                                failed_count: number;
                                /** @description Of those, the canceled ones. */
                                canceled_count: number;
                                /** @description succeeded_count ÷ (succeeded_count + failed_count + canceled_count), 4 decimals, half up; "0.0000" when nothing was decided. */
                                success_rate: string;
                                /** @description Succeeded refunds created in the window, in minor units. */
                                refunded_amount: number;
                                /** @description Succeeded refunds created in the window. */
                                refund_count: number;
                                /** @description refunded_amount ÷ gmv of the same window, 4 decimals, half up; "0.0000" when gmv is 0. */
                                refund_rate: string;
                            }[];
                            risk: {
                                /** @description Risk decisions to block taken today (every attempt counts). */
                                blocked_today: number;
                                /** @description Reviews open now. */
                                in_review: number;
                                /** @description Risk decisions to challenge (an SMS code) taken today. */
                                challenged_today: number;
                            };
                            charging: {
                                today: {
                                    /** @description Charging sessions that completed (stopped) in the window. */
                                    sessions_completed: number;
                                    /** @description The energy they delivered, in Wh. */
                                    energy_wh: number;
                                    /** @description What they were paid in the dashboard’s currency, in minor units. */
                                    revenue: number;
                                };
                                last_7_days: {
                                    /** @description Charging sessions that completed (stopped) in the window. */
                                    sessions_completed: number;
                                    /** @description The energy they delivered, in Wh. */
                                    energy_wh: number;
                                    /** @description What they were paid in the dashboard’s currency, in minor units. */
                                    revenue: number;
                                };
                            };
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/risk/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every rule in evaluation order within its action */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The rules */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "risk_rule";
                                id: string;
                                name: string;
                                expression: string;
                                action: "allow" | "review" | "block" | "challenge";
                                priority: number;
                                status: "active" | "disabled";
                                version: number;
                                /** @description The code in force: the rule’s own, or the one derived from its name. */
                                reason_code: string;
                                created: number;
                                updated: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a rule; its expression is checked against the feature catalogue (a 400 names the position of an error) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @description An expression over features (docs/risk.md), e.g. `amount > 500000 and customer.count_1h > 5`. */
                        expression: string;
                        action: "allow" | "review" | "block" | "challenge";
                        /** @description Lower runs first within its action’s group; default 100. */
                        priority?: number;
                        status?: "active" | "disabled";
                        /** @description The code a payment this rule stops carries in `risk.reasons`; by default the name in snake case (a name in Chinese gives `rule_matched`). */
                        reason_code?: string;
                    };
                };
            };
            responses: {
                /** @description The rule, version 1 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "risk_rule";
                            id: string;
                            name: string;
                            expression: string;
                            action: "allow" | "review" | "block" | "challenge";
                            priority: number;
                            status: "active" | "disabled";
                            version: number;
                            /** @description The code in force: the rule’s own, or the one derived from its name. */
                            reason_code: string;
                            created: number;
                            updated: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/risk/rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Save a new version of a rule (fields not sent keep their value) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /** @description An expression over features (docs/risk.md), e.g. `amount > 500000 and customer.count_1h > 5`. */
                        expression?: string;
                        action?: "allow" | "review" | "block" | "challenge";
                        /** @description Lower runs first within its action’s group; default 100. */
                        priority?: number;
                        status?: "active" | "disabled";
                        /** @description The code a payment this rule stops carries in `risk.reasons`; by default the name in snake case (a name in Chinese gives `rule_matched`). */
                        reason_code?: string;
                    };
                };
            };
            responses: {
                /** @description The rule at its new version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "risk_rule";
                            id: string;
                            name: string;
                            expression: string;
                            action: "allow" | "review" | "block" | "challenge";
                            priority: number;
                            status: "active" | "disabled";
                            version: number;
                            /** @description The code in force: the rule’s own, or the one derived from its name. */
                            reason_code: string;
                            created: number;
                            updated: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/risk/rules/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every saved version of a rule, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The versions */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "risk_rule";
                                id: string;
                                name: string;
                                expression: string;
                                action: "allow" | "review" | "block" | "challenge";
                                priority: number;
                                status: "active" | "disabled";
                                version: number;
                                /** @description The code in force: the rule’s own, or the one derived from its name. */
                                reason_code: string;
                                created: number;
                                updated: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/risk/list_entries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every allow and block list entry */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The entries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "risk_list_entry";
                                id: string;
                                list: "allow" | "block";
                                kind: "customer" | "card" | "device" | "ip" | "merchant";
                                value: string;
                                note: string;
                                created: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Put a consumer, card fingerprint, device, IP address or merchant on the allow or block list */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        list: "allow" | "block";
                        kind: "customer" | "card" | "device" | "ip" | "merchant";
                        value: string;
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description The entry */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "risk_list_entry";
                            id: string;
                            list: "allow" | "block";
                            kind: "customer" | "card" | "device" | "ip" | "merchant";
                            value: string;
                            note: string;
                            created: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/risk/list_entries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a list entry */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The entry is gone */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "risk_list_entry";
                            id: string;
                            deleted: boolean;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/risk/reviews": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The review queue: open reviews oldest first (or closed ones, newest first) */
        get: {
            parameters: {
                query?: {
                    status?: "open" | "approved" | "declined";
                    limit?: number;
                    starting_after?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of reviews */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "risk_review";
                                id: string;
                                /** @description The decision that opened it (rd_…). */
                                decision: string;
                                subject_type: string;
                                payment_intent: string | null;
                                merchant: string | null;
                                customer: string | null;
                                status: "open" | "approved" | "declined";
                                opened: number;
                                closed: number | null;
                                closed_reason: string | null;
                                notes: {
                                    id: string;
                                    note: string;
                                    created: number;
                                }[];
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/risk/reviews/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One review with its notes */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The review */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "risk_review";
                            id: string;
                            /** @description The decision that opened it (rd_…). */
                            decision: string;
                            subject_type: string;
                            payment_intent: string | null;
                            merchant: string | null;
                            customer: string | null;
                            status: "open" | "approved" | "declined";
                            opened: number;
                            closed: number | null;
                            closed_reason: string | null;
                            notes: {
                                id: string;
                                note: string;
                                created: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/risk/reviews/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve: the payment’s authorization continues; labelled legitimate */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description The closed review */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "risk_review";
                            id: string;
                            /** @description The decision that opened it (rd_…). */
                            decision: string;
                            subject_type: string;
                            payment_intent: string | null;
                            merchant: string | null;
                            customer: string | null;
                            status: "open" | "approved" | "declined";
                            opened: number;
                            closed: number | null;
                            closed_reason: string | null;
                            notes: {
                                id: string;
                                note: string;
                                created: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/risk/reviews/{id}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decline: the payment is canceled and the consumer notified; labelled fraud */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description The closed review */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "risk_review";
                            id: string;
                            /** @description The decision that opened it (rd_…). */
                            decision: string;
                            subject_type: string;
                            payment_intent: string | null;
                            merchant: string | null;
                            customer: string | null;
                            status: "open" | "approved" | "declined";
                            opened: number;
                            closed: number | null;
                            closed_reason: string | null;
                            notes: {
                                id: string;
                                note: string;
                                created: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/risk/reviews/{id}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add an analyst’s note */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note: string;
                    };
                };
            };
            responses: {
                /** @description The review with the note */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "risk_review";
                            id: string;
                            /** @description The decision that opened it (rd_…). */
                            decision: string;
                            subject_type: string;
                            payment_intent: string | null;
                            merchant: string | null;
                            customer: string | null;
                            status: "open" | "approved" | "declined";
                            opened: number;
                            closed: number | null;
                            closed_reason: string | null;
                            notes: {
                                id: string;
                                note: string;
                                created: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/risk/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every decision about a payment, with every input value, newest first */
        get: {
            parameters: {
                query: {
                    subject: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The decisions */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "risk_decision";
                                id: string;
                                created: number;
                                subject_type: string;
                                subject: string;
                                merchant: string | null;
                                customer: string | null;
                                amount: number;
                                currency: string;
                                decision: "allow" | "review" | "block" | "challenge";
                                score: number;
                                reasons: {
                                    code: string;
                                    message: string;
                                }[];
                                rule: {
                                    id: string;
                                    version: number;
                                } | null;
                                model_version: string | null;
                                shadow: {
                                    model_version: string;
                                    score: number;
                                } | null;
                                fail_safe: string | null;
                                features: {
                                    [key: string]: number | boolean | string;
                                };
                                latency_us: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/risk/models": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Model versions, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The models */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @enum {string} */
                                object: "risk_model";
                                version: string;
                                status: "candidate" | "active" | "shadow" | "retired";
                                source: string;
                                metrics: {
                                    [key: string]: number;
                                };
                                features: string[];
                                trees: number;
                                created: number;
                                updated: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Store a trained model artifact as a candidate */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A model artifact as `paygrid risk train` writes it (format paygrid-gbdt/1). */
                        artifact: unknown;
                        source?: string;
                    };
                };
            };
            responses: {
                /** @description The candidate model */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "risk_model";
                            version: string;
                            status: "candidate" | "active" | "shadow" | "retired";
                            source: string;
                            metrics: {
                                [key: string]: number;
                            };
                            features: string[];
                            trees: number;
                            created: number;
                            updated: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/risk/models/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make a model the live one, the shadow one, or retire it; takes effect without a restart */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    version: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        status: "active" | "shadow" | "retired";
                    };
                };
            };
            responses: {
                /** @description The model */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "risk_model";
                            version: string;
                            status: "candidate" | "active" | "shadow" | "retired";
                            source: string;
                            metrics: {
                                [key: string]: number;
                            };
                            features: string[];
                            trees: number;
                            created: number;
                            updated: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/disputes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Report a chargeback on a payment (operator, or the payment’s merchant); a fraud reason labels it and linked later payments */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        payment_intent: string;
                        reason: "fraudulent" | "unrecognized" | "duplicate" | "product_not_received" | "product_unacceptable" | "credit_not_processed" | "subscription_canceled" | "general";
                        amount?: number;
                    };
                };
            };
            responses: {
                /** @description The dispute */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "dispute";
                            id: string;
                            payment_intent: string;
                            amount: number;
                            currency: string;
                            reason: "fraudulent" | "unrecognized" | "duplicate" | "product_not_received" | "product_unacceptable" | "credit_not_processed" | "subscription_canceled" | "general";
                            /** @description Payments labelled fraud by it: the disputed one and later ones by the same consumer or card. */
                            labelled_payments: number;
                            created: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/risk/backtests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replay a candidate rule set and model over a past window: precision, recall, average precision, and the decisions that would change */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Unix seconds: the window’s start (inclusive). */
                        from: number;
                        /** @description Unix seconds: the window’s end (exclusive). */
                        to: number;
                        /** @description The candidate rule set; the active rules when left out. */
                        rules?: {
                            name: string;
                            expression: string;
                            action: "allow" | "review" | "block" | "challenge";
                            priority?: number;
                        }[];
                        /** @description Rescore with this model; the recorded scores when left out. */
                        model_version?: string;
                    };
                };
            };
            responses: {
                /** @description The report */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "risk_backtest";
                            from: number;
                            to: number;
                            decisions: number;
                            /** @description Payments whose latest label is fraud; unlabelled ones count as legitimate. */
                            frauds: number;
                            current: {
                                flagged: number;
                                blocked: number;
                                reviewed: number;
                                challenged: number;
                                true_positives: number;
                                precision: number;
                                recall: number;
                                average_precision: number;
                            };
                            candidate: {
                                flagged: number;
                                blocked: number;
                                reviewed: number;
                                challenged: number;
                                true_positives: number;
                                precision: number;
                                recall: number;
                                average_precision: number;
                            };
                            changed: {
                                count: number;
                                by_transition: {
                                    [key: string]: number;
                                };
                                sample: {
                                    subject: string;
                                    from: "allow" | "review" | "block" | "challenge";
                                    to: "allow" | "review" | "block" | "challenge";
                                    fraud: boolean;
                                }[];
                            };
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in to the console with email, password and TOTP code; sets the paygrid_console cookie */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        password: string;
                        /** @description The 6-digit code the authenticator app shows now. */
                        totp_code: string;
                    };
                };
            };
            responses: {
                /** @description Signed in: the session cookie is set */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "console_session";
                            user: {
                                /** @description cu_… */
                                id: string;
                                /** @enum {string} */
                                object: "console_user";
                                email: string;
                                name: string;
                                role: "admin" | "risk_analyst" | "finance" | "support" | "station_operator" | "merchant";
                                merchant_id: string | null;
                                disabled: boolean;
                                /** @description Signed in with a temporary password an admin set (reset_credentials): the console allows nothing but choosing their own. */
                                must_change_password: boolean;
                                /** @description Unix seconds. */
                                created_at: number;
                            };
                            /** @description Unix seconds: the latest the session lasts (it ends sooner after 30 idle minutes). */
                            expires_at: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in console user and what they may do */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The user and their permissions */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description cu_… */
                            id: string;
                            /** @enum {string} */
                            object: "console_user";
                            email: string;
                            name: string;
                            role: "admin" | "risk_analyst" | "finance" | "support" | "station_operator" | "merchant";
                            merchant_id: string | null;
                            disabled: boolean;
                            /** @description Signed in with a temporary password an admin set (reset_credentials): the console allows nothing but choosing their own. */
                            must_change_password: boolean;
                            /** @description Unix seconds. */
                            created_at: number;
                            /** @description What the console may show this user (docs/api.md, "Roles and permissions"). */
                            permissions: string[];
                            /** @description The server’s clock now, in Unix milliseconds: the console reckons ages and “today” by it, not by the browser’s clock. */
                            server_time: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your own console password with the current one; your other sessions end, this one stays */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        current_password: string;
                        /** @description At least 12 characters. */
                        new_password: string;
                    };
                };
            };
            responses: {
                /** @description The user, with the new password in force */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description cu_… */
                            id: string;
                            /** @enum {string} */
                            object: "console_user";
                            email: string;
                            name: string;
                            role: "admin" | "risk_analyst" | "finance" | "support" | "station_operator" | "merchant";
                            merchant_id: string | null;
                            disabled: boolean;
                            /** @description Signed in with a temporary password an admin set (reset_credentials): the console allows nothing but choosing their own. */
                            must_change_password: boolean;
                            /** @description Unix seconds. */
                            created_at: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/sessions/current": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Sign out: ends the console session and clears its cookie */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Signed out */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "console_session";
                            /** @enum {boolean} */
                            deleted: true;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List console users (admin), newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    starting_after?: string;
                    ending_before?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of users */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @description cu_… */
                                id: string;
                                /** @enum {string} */
                                object: "console_user";
                                email: string;
                                name: string;
                                role: "admin" | "risk_analyst" | "finance" | "support" | "station_operator" | "merchant";
                                merchant_id: string | null;
                                disabled: boolean;
                                /** @description Signed in with a temporary password an admin set (reset_credentials): the console allows nothing but choosing their own. */
                                must_change_password: boolean;
                                /** @description Unix seconds. */
                                created_at: number;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a console user (admin); answers their TOTP secret, this once */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        name: string;
                        role: "admin" | "risk_analyst" | "finance" | "support" | "station_operator" | "merchant";
                        /** @description The merchant whose user this is (role `merchant` only). */
                        merchant_id?: string;
                        /** @description At least 12 characters. */
                        password: string;
                    };
                };
            };
            responses: {
                /** @description The user and their authenticator secret */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                /** @description cu_… */
                                id: string;
                                /** @enum {string} */
                                object: "console_user";
                                email: string;
                                name: string;
                                role: "admin" | "risk_analyst" | "finance" | "support" | "station_operator" | "merchant";
                                merchant_id: string | null;
                                disabled: boolean;
                                /** @description Signed in with a temporary password an admin set (reset_credentials): the console allows nothing but choosing their own. */
                                must_change_password: boolean;
                                /** @description Unix seconds. */
                                created_at: number;
                            };
                            /** @description Shown this once: it is stored only sealed (a replay with the same Idempotency-Key answers both empty). */
                            totp: {
                                /** @description Base32, for the authenticator app. */
                                secret: string;
                                /** @description The same as an otpauth:// URL, for a QR code. */
                                otpauth_url: string;
                            };
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retrieve a console user (admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The user */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description cu_… */
                            id: string;
                            /** @enum {string} */
                            object: "console_user";
                            email: string;
                            name: string;
                            role: "admin" | "risk_analyst" | "finance" | "support" | "station_operator" | "merchant";
                            merchant_id: string | null;
                            disabled: boolean;
                            /** @description Signed in with a temporary password an admin set (reset_credentials): the console allows nothing but choosing their own. */
                            must_change_password: boolean;
                            /** @description Unix seconds. */
                            created_at: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        /** Change a console user’s name or role, or disable them (admin) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        role?: "admin" | "risk_analyst" | "finance" | "support" | "station_operator" | "merchant";
                        /** @description The merchant whose user this is (role `merchant` only). */
                        merchant_id?: string;
                        /** @description A disabled user cannot sign in, and their sessions end at once. */
                        disabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description The user */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description cu_… */
                            id: string;
                            /** @enum {string} */
                            object: "console_user";
                            email: string;
                            name: string;
                            role: "admin" | "risk_analyst" | "finance" | "support" | "station_operator" | "merchant";
                            merchant_id: string | null;
                            disabled: boolean;
                            /** @description Signed in with a temporary password an admin set (reset_credentials): the console allows nothing but choosing their own. */
                            must_change_password: boolean;
                            /** @description Unix seconds. */
                            created_at: number;
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/users/{id}/reset_credentials": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reset a console user who lost their password or authenticator (admin): a new password and a new TOTP secret (answered this once); their sessions end and a sign-in lock is lifted */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Makes a retry safe: a repeat with the same key and parameters answers the saved response (docs/api.md, "Idempotency"). */
                    "Idempotency-Key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description At least 12 characters. */
                        password: string;
                    };
                };
            };
            responses: {
                /** @description The user and their new authenticator secret */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                /** @description cu_… */
                                id: string;
                                /** @enum {string} */
                                object: "console_user";
                                email: string;
                                name: string;
                                role: "admin" | "risk_analyst" | "finance" | "support" | "station_operator" | "merchant";
                                merchant_id: string | null;
                                disabled: boolean;
                                /** @description Signed in with a temporary password an admin set (reset_credentials): the console allows nothing but choosing their own. */
                                must_change_password: boolean;
                                /** @description Unix seconds. */
                                created_at: number;
                            };
                            /** @description Shown this once: it is stored only sealed (a replay with the same Idempotency-Key answers both empty). */
                            totp: {
                                /** @description Base32, for the authenticator app. */
                                secret: string;
                                /** @description The same as an otpauth:// URL, for a QR code. */
                                otpauth_url: string;
                            };
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/console/audit_log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log (admin): every privileged console action and sign-in, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    starting_after?: string;
                    ending_before?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of entries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "list";
                            url: string;
                            has_more: boolean;
                            data: {
                                /** @description aud_… */
                                id: string;
                                /** @enum {string} */
                                object: "audit_entry";
                                /** @description user_id and role are null for a sign-in attempt on an email that names no user. */
                                actor: {
                                    user_id: string | null;
                                    email: string;
                                    role: ("admin" | "risk_analyst" | "finance" | "support" | "station_operator" | "merchant") | (never | null);
                                };
                                /** @description `POST /v1/refunds`, or sign_in.succeeded, sign_in.failed, sign_in.locked, sign_in.refused_locked. */
                                action: string;
                                /** @description The route pattern, e.g. /v1/risk/reviews/:id/approve. */
                                route: string | null;
                                /** @description The route’s :id, if it has one. */
                                target: string | null;
                                /** @description The HTTP status of the answer. */
                                status: number;
                                /** @description Unix seconds. */
                                created_at: number;
                                ip: string;
                            }[];
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me/checkout/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What the signed-in consumer is asked to pay: amount, merchant and state of a payment intent, shown with its client_secret */
        get: {
            parameters: {
                query: {
                    /** @description The payment intent’s client_secret, from the merchant. */
                    client_secret: string;
                };
                header?: never;
                path: {
                    /** @description Client-chosen id: 1 to 64 letters, digits, `_`, `.`, `:` or `-`. */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The checkout */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            object: "checkout";
                            payment_intent: string;
                            /** @description Minor units. */
                            amount: number;
                            currency: string;
                            description: string;
                            /** @description The payment intent’s status. */
                            status: string;
                            merchant: {
                                id: string;
                                name: string;
                            };
                        };
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
                /** @description The error object; `error.code` says what went wrong (docs/api.md, "Errors"). */
                "5XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        error: {
            error: {
                type: "invalid_request_error" | "authentication_error" | "permission_error" | "rate_limit_error" | "idempotency_error" | "card_error" | "api_error" | "wallet_error" | "bank_error";
                /** @description Stable snake_case code: the catalogue code or a more specific one (for example a decline or ledger result). */
                code: string;
                message: string;
                /** @description The offending parameter, named as Stripe names them (`card[number]`). */
                param?: string;
                decline_code?: string | null;
                payment_intent?: components["schemas"]["payment_intent"];
                payment_intent_status?: "requires_payment_method" | "requires_confirmation" | "requires_action" | "processing" | "requires_capture" | "succeeded" | "canceled";
                top_up?: components["schemas"]["top_up"];
            };
        };
        payment_intent: {
            /** @enum {string} */
            object: "payment_intent";
            id: string;
            /** @description Minor units (fen for CNY). */
            amount: number;
            /** @description Minor units (fen for CNY). */
            amount_capturable: number;
            /** @description Minor units (fen for CNY). */
            amount_received: number;
            /** @description Minor units (fen for CNY). */
            amount_refunded: number;
            /** @description The platform fee taken from this payment, in minor units. */
            application_fee_amount: number;
            /** @description ISO 4217 code in lower case, e.g. cny. */
            currency: string;
            customer: string | null;
            payment_method: string | null;
            payment_method_types: string[];
            /** @enum {string|null} */
            payment_method_type: "card" | "wallet" | "prepaid_card" | "online_banking" | null;
            status: "requires_payment_method" | "requires_confirmation" | "requires_action" | "processing" | "requires_capture" | "succeeded" | "canceled";
            capture_method: "automatic" | "manual";
            client_secret: string;
            description: string;
            metadata: {
                [key: string]: string;
            };
            next_action: ({
                /** @enum {string} */
                type: "redirect_to_url";
                redirect_to_url: {
                    url: string;
                };
            } | {
                /** @enum {string} */
                type: "verify_with_code";
                verify_with_code: {
                    /** @enum {string} */
                    channel: "sms";
                };
            }) | (never | null);
            last_payment_error: {
                type: "card_error" | "wallet_error" | "bank_error" | "api_error";
                code: string;
                decline_code: string | null;
                message: string;
            } | null;
            /** @description The risk engine’s decision at the last confirmation, or null before any. */
            risk: {
                decision: "allow" | "review" | "block" | "challenge";
                /** @description The model’s fraud score, 0–99 (0 when no model is live). */
                score: number;
                reasons: {
                    code: string;
                    message: string;
                }[];
                /** @description The rule that decided (rr_…). */
                rule?: string;
                model_version?: string;
            } | null;
            /** @description Unix seconds. */
            canceled_at: number | null;
            cancellation_reason: string | null;
            /** @description Unix seconds. */
            created: number;
        };
        payment_method: {
            /** @enum {string} */
            object: "payment_method";
            id: string;
            /** @enum {string} */
            type: "card";
            card: {
                brand: string;
                last4: string;
                exp_month: number;
                exp_year: number;
                fingerprint: string;
            };
            customer: string | null;
            /** @description Unix seconds. */
            created: number;
        };
        refund: {
            /** @enum {string} */
            object: "refund";
            id: string;
            /** @description Minor units (fen for CNY). */
            amount: number;
            /** @description ISO 4217 code in lower case, e.g. cny. */
            currency: string;
            payment_intent: string;
            status: "pending" | "succeeded" | "failed";
            reason: string | null;
            failure_reason: string | null;
            /** @description The part of the platform fee returned to the merchant, in minor units. */
            fee_returned: number;
            metadata: {
                [key: string]: string;
            };
            /** @description Unix seconds. */
            created: number;
        };
        top_up: {
            /** @enum {string} */
            object: "top_up";
            id: string;
            /** @description Minor units (fen for CNY). */
            amount: number;
            /** @description ISO 4217 code in lower case, e.g. cny. */
            currency: string;
            status: "requires_action" | "processing" | "succeeded" | "failed";
            failure_code: string | null;
            /** @description Where to send the customer (3-D Secure), or null. */
            next_action: {
                /** @enum {string} */
                type: "redirect_to_url";
                redirect_to_url: {
                    url: string;
                };
            } | null;
            card: {
                brand: string;
                last4: string;
            };
            /** @description Unix seconds. */
            created: number;
        };
        payment_link: {
            /** @enum {string} */
            object: "payment_link";
            id: string;
            /** @description The checkout page the QR code opens. */
            url: string;
            qr_code: {
                /** @description The QR code as SVG, to print. */
                url: string;
            };
            /** @description Minor units; null when the payer enters the amount. */
            amount: number | null;
            /** @description ISO 4217 code in lower case, e.g. cny. */
            currency: string;
            description: string;
            active: boolean;
            metadata: {
                [key: string]: string;
            };
            /** @description Unix seconds. */
            created: number;
        };
        merchant: {
            /** @enum {string} */
            object: "merchant";
            id: string;
            name: string;
            category: "retail" | "ev_charging" | "food_and_drink" | "travel" | "digital_goods" | "services" | "utilities" | "other";
            fee_plan: {
                percent_bps: number;
                /** @description Minor units (fen for CNY). */
                fixed_amount: number;
                refund_fee_policy: "keep_fee" | "return_fee";
            };
            /** @description ISO 4217 code in lower case, e.g. cny. */
            default_currency: string;
            metadata: {
                [key: string]: string;
            };
            /** @description Unix seconds. */
            created: number;
        };
        /** @description A new merchant with its keys, which are shown this once. */
        merchant_with_keys: {
            /** @enum {string} */
            object: "merchant";
            id: string;
            name: string;
            category: "retail" | "ev_charging" | "food_and_drink" | "travel" | "digital_goods" | "services" | "utilities" | "other";
            fee_plan: {
                percent_bps: number;
                /** @description Minor units (fen for CNY). */
                fixed_amount: number;
                refund_fee_policy: "keep_fee" | "return_fee";
            };
            /** @description ISO 4217 code in lower case, e.g. cny. */
            default_currency: string;
            metadata: {
                [key: string]: string;
            };
            /** @description Unix seconds. */
            created: number;
            secret_key: string;
            publishable_key: string;
        };
        api_key: {
            /** @enum {string} */
            object: "api_key";
            merchant: string;
            type: "secret" | "publishable";
            key: string;
        };
        balance: {
            /** @enum {string} */
            object: "balance";
            pending: {
                /** @description Minor units (fen for CNY). */
                amount: number;
                /** @description ISO 4217 code in lower case, e.g. cny. */
                currency: string;
            }[];
            available: {
                /** @description Minor units (fen for CNY). */
                amount: number;
                /** @description ISO 4217 code in lower case, e.g. cny. */
                currency: string;
            }[];
        };
        customer: {
            /** @enum {string} */
            object: "customer";
            id: string;
            /** @description E.164. */
            phone: string;
            name: string;
            has_payment_password: boolean;
            /** @description blocked: the operator blocked the customer, who can neither sign in nor pay. */
            status: "active" | "blocked";
            /** @description Unix seconds. */
            created: number;
            /** @description Shown to the operator and to the consumer themselves. */
            wallet_balances?: {
                /** @description ISO 4217 code in lower case, e.g. cny. */
                currency: string;
                /** @description Minor units (fen for CNY). */
                available: number;
                /** @description Held by uncaptured payments, in minor units. */
                held: number;
            }[];
            /** @description The cards saved for the customer at every merchant, masked; shown to the operator on GET /v1/customers/{id}. */
            cards?: {
                /** @enum {string} */
                object: "saved_card";
                /** @description The payment method (pm_…), to confirm a payment with at the merchant that saved it. */
                id: string;
                /** @description The merchant that saved the card: only it can charge it. */
                merchant: string;
                /** @description That merchant’s name, to show the consumer. */
                merchant_name: string;
                brand: string;
                last4: string;
                exp_month: number;
                exp_year: number;
                /** @description Unix seconds. */
                created: number;
            }[];
        };
        session: {
            /** @enum {string} */
            object: "session";
            token: string;
            /** @description Unix seconds. */
            expires_at: number;
            customer: components["schemas"]["customer"];
        };
        otp: {
            /** @enum {string} */
            object: "otp";
            phone: string;
            /** @description Seconds. */
            expires_in: number;
        };
        sms_message: {
            /** @enum {string} */
            object: "sms_message";
            id: string;
            phone: string;
            body: string;
            /** @description Unix seconds. */
            created: number;
        };
        payment_code: {
            /** @enum {string} */
            object: "payment_code";
            code: string;
            /** @description ISO 4217 code in lower case, e.g. cny. */
            currency: string;
            /** @description Unix seconds. */
            expires_at: number;
        };
        agreement: {
            /** @enum {string} */
            object: "agreement";
            id: string;
            merchant: string;
            /** @description The merchant’s name, to show the consumer. */
            merchant_name: string;
            /** @description ISO 4217 code in lower case, e.g. cny. */
            currency: string;
            /** @description Minor units (fen for CNY). */
            per_payment_limit: number;
            /** @description Minor units (fen for CNY). */
            daily_limit: number;
            status: "active" | "revoked";
            /** @description Unix seconds. */
            created: number;
            /** @description Unix seconds. */
            revoked_at: number | null;
        };
        payment_password: {
            /** @enum {string} */
            object: "payment_password";
            set: boolean;
        };
        wallet_limits: {
            /** @enum {string} */
            object: "wallet_limits";
            /** @description ISO 4217 code in lower case, e.g. cny. */
            currency: string;
            /** @description Minor units (fen for CNY). */
            per_payment_limit: number;
            /** @description Minor units (fen for CNY). */
            daily_limit: number;
            /** @description The highest daily limit the platform allows, in minor units. */
            daily_limit_cap: number;
        };
        wallet_transaction: {
            /** @enum {string} */
            object: "wallet_transaction";
            id: string;
            /** @description Signed minor units: positive into the wallet, negative out of it. */
            amount: number;
            /** @description ISO 4217 code in lower case, e.g. cny. */
            currency: string;
            /** @description The kind of movement: top_up, wallet_transfer, payment, … */
            type: string;
            hold: boolean;
            description: string;
            /** @description Unix seconds. */
            created: number;
        };
        wallet_transfer: {
            /** @enum {string} */
            object: "wallet_transfer";
            id: string;
            /** @description Minor units (fen for CNY). */
            amount: number;
            /** @description ISO 4217 code in lower case, e.g. cny. */
            currency: string;
            to_customer: string;
            /** @enum {string} */
            status: "succeeded";
        };
        event: {
            /** @enum {string} */
            object: "event";
            id: string;
            /** @description e.g. payment_intent.succeeded */
            type: string;
            /** @description Unix seconds. */
            created: number;
            data: {
                /** @description The object the event is about, as the API shows it. */
                object: {
                    object: string;
                    id: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        event_with_deliveries: {
            /** @enum {string} */
            object: "event";
            id: string;
            /** @description e.g. payment_intent.succeeded */
            type: string;
            /** @description Unix seconds. */
            created: number;
            data: {
                /** @description The object the event is about, as the API shows it. */
                object: {
                    object: string;
                    id: string;
                } & {
                    [key: string]: unknown;
                };
            };
            deliveries: {
                id: string;
                endpoint: string;
                status: "pending" | "succeeded" | "failed" | "canceled";
                attempts: number;
                /** @description Unix seconds. */
                last_attempt_at: number | null;
                /** @description Unix seconds. */
                finished_at: number | null;
            }[];
        };
        webhook_endpoint: {
            /** @enum {string} */
            object: "webhook_endpoint";
            id: string;
            url: string;
            enabled_events: string[];
            description: string;
            status: "enabled" | "disabled";
            /** @description Unix seconds. */
            previous_secret_expires_at: number | null;
            /** @description Unix seconds. */
            created: number;
        };
        webhook_endpoint_with_secret: {
            /** @enum {string} */
            object: "webhook_endpoint";
            id: string;
            url: string;
            enabled_events: string[];
            description: string;
            status: "enabled" | "disabled";
            /** @description Unix seconds. */
            previous_secret_expires_at: number | null;
            /** @description Unix seconds. */
            created: number;
            /** @description The signing secret, shown this once. */
            secret: string;
        };
        deleted_webhook_endpoint: {
            /** @enum {string} */
            object: "webhook_endpoint";
            id: string;
            url: string;
            enabled_events: string[];
            description: string;
            status: "enabled" | "disabled";
            /** @description Unix seconds. */
            previous_secret_expires_at: number | null;
            /** @description Unix seconds. */
            created: number;
            /** @enum {boolean} */
            deleted: true;
        };
        ledger_account: {
            /** @enum {string} */
            object: "ledger_account";
            id: string;
            /** @description ISO 4217 code of the ledger in upper case, e.g. CNY. */
            ledger: string;
            code: number;
            flags: {
                debits_must_not_exceed_credits: boolean;
                credits_must_not_exceed_debits: boolean;
            };
            /** @description Minor units (fen for CNY). */
            debits_pending: number;
            /** @description Minor units (fen for CNY). */
            debits_posted: number;
            /** @description Minor units (fen for CNY). */
            credits_pending: number;
            /** @description Minor units (fen for CNY). */
            credits_posted: number;
            metadata: {
                [key: string]: string;
            };
            /** @description Unix seconds. */
            created: number;
        };
        ledger_transfer: {
            /** @enum {string} */
            object: "ledger_transfer";
            id: string;
            debit_account_id: string;
            credit_account_id: string;
            /** @description Minor units (fen for CNY). */
            amount: number;
            pending_id: string | null;
            /** @description ISO 4217 code of the ledger in upper case, e.g. CNY. */
            ledger: string;
            code: number;
            flags: {
                linked: boolean;
                pending: boolean;
                post_pending: boolean;
                void_pending: boolean;
            };
            timeout_seconds: number;
            metadata: {
                [key: string]: string;
            };
            /** @description Unix seconds. */
            created: number;
            /** @description Shown when one transfer is retrieved and it is a pending transfer. */
            pending_status?: {
                state: "pending" | "posted" | "voided" | "expired";
                /** @description Unix seconds. */
                expires_at: number | null;
                resolved_by: string | null;
                /** @description Unix seconds. */
                resolved_at: number | null;
            };
        };
        ledger_transfer_results: {
            /** @description One result per transfer, in the order sent: `ok` or why it failed. */
            results: {
                id: string;
                result: "ok" | "linked_event_failed" | "linked_event_chain_open" | "flags_are_mutually_exclusive" | "debit_account_id_required" | "credit_account_id_required" | "accounts_must_be_different" | "amount_required" | "amount_must_not_be_zero" | "ledger_required" | "code_required" | "pending_id_required" | "pending_id_must_be_empty" | "pending_id_must_be_different" | "timeout_reserved_for_pending_transfer" | "exists_with_different_flags" | "exists_with_different_pending_id" | "exists_with_different_timeout" | "exists_with_different_debit_account_id" | "exists_with_different_credit_account_id" | "exists_with_different_amount" | "exists_with_different_ledger" | "exists_with_different_code" | "exists_with_different_metadata" | "debit_account_not_found" | "credit_account_not_found" | "accounts_must_have_the_same_ledger" | "transfer_must_have_the_same_ledger_as_accounts" | "pending_transfer_not_found" | "pending_transfer_not_pending" | "pending_transfer_has_different_debit_account_id" | "pending_transfer_has_different_credit_account_id" | "pending_transfer_has_different_ledger" | "pending_transfer_has_different_code" | "pending_transfer_has_different_amount" | "exceeds_pending_transfer_amount" | "pending_transfer_already_posted" | "pending_transfer_already_voided" | "pending_transfer_expired" | "overflows_debits_pending" | "overflows_credits_pending" | "overflows_debits_posted" | "overflows_credits_posted" | "overflows_debits" | "overflows_credits" | "exceeds_credits" | "exceeds_debits";
            }[];
        };
        ledger_verification: {
            /** @enum {string} */
            object: "ledger_verification";
            balanced: boolean;
            /** @description Unix seconds. */
            checked_at: number;
            accounts_checked: number;
            transfers_checked: number;
            ledgers: {
                /** @description ISO 4217 code of the ledger in upper case, e.g. CNY. */
                ledger: string;
                accounts: number;
                /** @description Minor units (fen for CNY). */
                debits_pending: number;
                /** @description Minor units (fen for CNY). */
                debits_posted: number;
                /** @description Minor units (fen for CNY). */
                credits_pending: number;
                /** @description Minor units (fen for CNY). */
                credits_posted: number;
                balanced: boolean;
            }[];
            mismatches: {
                account_id: string;
                field: "debits_pending" | "debits_posted" | "credits_pending" | "credits_posted";
                /** @description Minor units (fen for CNY). */
                stored: number;
                /** @description Minor units (fen for CNY). */
                expected: number;
            }[];
            limit_violations: string[];
            pending_problems: string[];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
