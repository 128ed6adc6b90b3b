import { LightningElement, api } from 'lwc';
import { session } from 'preview/session';

const API = '/services/data/v62.0/query?q=';
const MAX_RESULTS = 10;

function soqlValue(value) {
  if (typeof value === 'boolean' || typeof value === 'number') {
    return String(value);
  }
  return `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const OPERATORS = { eq: '=', ne: '!=', lt: '<', gt: '>', lte: '<=', gte: '>=', like: 'LIKE' };

/**
 * lightning-record-picker on the sandbox: searches records of `object-api-name` by name through the
 * org's REST query API as the page's user, applying `filter.criteria` (fieldPath, operator, value; all
 * must hold), and fires `change` with `detail.recordId` as the Lightning component does. Lightning's
 * own picker uses the GraphQL API; the sandbox has none.
 */
export default class RecordPicker extends LightningElement {
  @api label;
  @api objectApiName;
  @api filter;
  @api placeholder;

  @api
  get value() {
    return this._value;
  }
  set value(recordId) {
    this._value = recordId || null;
    this.selectedName = null;
    if (this._value) {
      this.loadName(this._value);
    }
  }

  _value = null;
  selectedName = null;
  term = '';
  results = [];
  expanded = false;

  get displayValue() {
    return this.selectedName || this.term;
  }
  get hasSelection() {
    return Boolean(this._value);
  }
  get comboboxClass() {
    return `slds-combobox slds-dropdown-trigger slds-dropdown-trigger_click${this.expanded ? ' slds-is-open' : ''}`;
  }
  get ariaExpanded() {
    return this.expanded ? 'true' : 'false';
  }
  get searchPlaceholder() {
    return this.placeholder || `Search ${this.objectApiName}s...`;
  }

  async query(where) {
    const criteria = ((this.filter && this.filter.criteria) || []).map(
      (c) => `${c.fieldPath} ${OPERATORS[c.operator] || '='} ${soqlValue(c.value)}`,
    );
    const clauses = [...criteria, ...where].join(' AND ');
    const soql = `SELECT Id, Name FROM ${this.objectApiName}${clauses ? ` WHERE ${clauses}` : ''} ORDER BY Name LIMIT ${MAX_RESULTS}`;
    const response = await fetch(API + encodeURIComponent(soql), {
      headers: { Authorization: `OAuth ${session().token}` },
    });
    if (!response.ok) {
      return [];
    }
    return (await response.json()).records || [];
  }

  async loadName(recordId) {
    const [record] = await this.query([`Id = ${soqlValue(recordId)}`]);
    if (this._value === recordId) {
      this.selectedName = record ? record.Name : recordId;
    }
  }

  async handleInput(event) {
    this.term = event.target.value;
    if (this._value) {
      this.select(null, null);
    }
    const term = this.term.trim();
    this.results = term ? await this.query([`Name LIKE ${soqlValue(`%${term}%`)}`]) : [];
    this.expanded = this.results.length > 0;
  }

  handleChoose(event) {
    const { id, name } = event.currentTarget.dataset;
    this.select(id, name);
  }

  handleClear() {
    this.select(null, null);
  }

  select(recordId, name) {
    this._value = recordId;
    this.selectedName = name;
    this.term = '';
    this.expanded = false;
    this.dispatchEvent(new CustomEvent('change', { detail: { recordId } }));
  }
}
