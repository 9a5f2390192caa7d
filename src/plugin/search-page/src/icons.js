// The OUI icons the page uses, registered up front: OUI would otherwise load each icon with a dynamic import,
// which the bundle leaves out (build.mjs) so that it stays one small file.
import { appendIconComponentCache } from '@opensearch-project/oui/es/components/icon/icon';
import { icon as alert } from '@opensearch-project/oui/es/components/icon/assets/alert';
import { icon as arrowDown } from '@opensearch-project/oui/es/components/icon/assets/arrow_down';
import { icon as arrowLeft } from '@opensearch-project/oui/es/components/icon/assets/arrow_left';
import { icon as arrowRight } from '@opensearch-project/oui/es/components/icon/assets/arrow_right';
import { icon as cross } from '@opensearch-project/oui/es/components/icon/assets/cross';
import { icon as dot } from '@opensearch-project/oui/es/components/icon/assets/dot';
import { icon as empty } from '@opensearch-project/oui/es/components/icon/assets/empty';
import { icon as faceSad } from '@opensearch-project/oui/es/components/icon/assets/face_sad';
import { icon as image } from '@opensearch-project/oui/es/components/icon/assets/image';
import { icon as importAction } from '@opensearch-project/oui/es/components/icon/assets/import';
import { icon as link } from '@opensearch-project/oui/es/components/icon/assets/link';
import { icon as search } from '@opensearch-project/oui/es/components/icon/assets/search';
import { icon as documents } from '@opensearch-project/oui/es/components/icon/assets/documents';
import { icon as filter } from '@opensearch-project/oui/es/components/icon/assets/filter';
import { icon as questionInCircle } from '@opensearch-project/oui/es/components/icon/assets/question_in_circle';

appendIconComponentCache({
  alert, arrowDown, arrowLeft, arrowRight, cross, dot, empty, faceSad, image, importAction, link, search, documents,
  filter, questionInCircle,
});
